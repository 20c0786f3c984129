"""Erlang C: how many agents a queue of messages needs to keep a response-time promise.

The model (M/M/N): messages arrive at random (Poisson) at a steady rate, each takes an agent an
exponentially distributed time with the given average, an agent handles one at a time, and
nobody gives up waiting. Then, with traffic ``A = arrivals per hour * handling hours`` Erlang
and ``N`` agents, the share of messages that wait at all is Erlang C, and the share answered
within ``t`` is ``1 - C * exp(-(N - A) * t / handling time)``.

Factorials and powers of ``A`` overflow a float long before a busy team's traffic is reached
(``A**N / N!`` for 150 Erlang), so Erlang B comes from the stable recurrence
``B(0) = 1, B(n) = A*B(n-1) / (n + A*B(n-1))``, whose terms all lie in (0, 1], and C follows
from B. The search for the smallest ``N`` walks the same recurrence once, so it costs
``O(N)`` steps however many targets it has to meet. Pure Python, no MkDocs, no state.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "Staffing",
    "agents_needed",
    "agents_per_target",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "service_level",
    "staff",
    "traffic",
]

MAX_LOAD = 1_000_000.0
"""Traffic above a million Erlang is a typo, not a team; it would only make the search slow."""


def traffic(per_hour: float, handle_minutes: float) -> float:
    """Offered traffic in Erlang: the number of agents that would be busy all the time."""
    if per_hour < 0:
        raise ValueError("the number of messages per hour cannot be negative")
    if handle_minutes <= 0:
        raise ValueError("the handling time must be longer than zero")
    return per_hour * handle_minutes / 60


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability of ``agents`` servers under ``load`` Erlang, without overflow."""
    _check(agents, load)
    b = 1.0
    for n in range(1, agents + 1):
        b = load * b / (n + load * b)
    return b


def erlang_c(agents: int, load: float) -> float:
    """Probability that a message has to wait; 1 when the agents cannot keep up (N <= A)."""
    _check(agents, load)
    if load == 0:
        return 0.0
    if agents <= load:
        return 1.0
    return _c_from_b(agents, load, erlang_b(agents, load))


def service_level(agents: int, load: float, handle_minutes: float, within_minutes: float) -> float:
    """Share of messages answered within ``within_minutes`` (0 when the queue is unstable)."""
    _check(agents, load)
    _check_times(handle_minutes, within_minutes)
    if load == 0:
        return 1.0
    if agents <= load:
        return 0.0
    return _level(agents, load, erlang_b(agents, load), handle_minutes, within_minutes)


def occupancy(agents: int, load: float) -> float:
    """Share of the agents' time spent handling messages (capped at 1 when overloaded)."""
    _check(agents, load)
    if agents == 0:
        return 0.0 if load == 0 else 1.0
    return min(load / agents, 1.0)


def agents_needed(
    load: float, handle_minutes: float, targets: Iterable[tuple[float, float]]
) -> int:
    """The smallest number of agents that meets every ``(within_minutes, share)`` target.

    One queue in order of arrival serves all messages, so every target applies to the same
    waiting-time distribution and the strictest one decides. No traffic needs no agent.
    """
    return max(agents_per_target(load, handle_minutes, targets), default=0)


def agents_per_target(
    load: float, handle_minutes: float, targets: Iterable[tuple[float, float]]
) -> list[int]:
    """For each ``(within_minutes, share)`` target, the fewest agents that meet it alone.

    One walk up the Erlang B recurrence serves all targets: the service level grows with every
    agent added beyond the traffic, so each target is met from its first success onwards.
    """
    _check(0, load)
    wanted = list(targets)
    for within, share in wanted:
        _check_times(handle_minutes, within)
        if not 0 <= share <= 1:
            raise ValueError(f"a service-level target is a share between 0 and 1, not {share}")
    if load == 0 or not wanted:
        return [0] * len(wanted)
    found = [0] * len(wanted)
    remaining = list(enumerate(wanted))
    # Far beyond what any share <= 1 needs: C falls like a Poisson tail past A, and a float
    # rounds 1 - C*e^(...) to exactly 1 once C*e^(...) < 2**-53 (about 8.6 sqrt(A) past A).
    limit = math.ceil(load + 10 * math.sqrt(load) + 60)
    stable = math.floor(load) + 1
    b = 1.0
    for n in range(1, stable):
        b = load * b / (n + load * b)
    exp = math.exp
    for n in range(stable, limit + 1):
        b = load * b / (n + load * b)
        c = _c_from_b(n, load, b)
        still = []
        for i, (within, share) in remaining:
            # the expression of _level, so the search and service_level() agree to the bit
            if max(0.0, 1 - c * exp(-(n - load) * within / handle_minutes)) >= share:
                found[i] = n
            else:
                still.append((i, (within, share)))
        if not still:
            return found
        remaining = still
    raise ValueError("the target cannot be reached")  # pragma: no cover - see the limit above


@dataclass(frozen=True)
class Staffing:
    """What one hour needs: agents answering, the service level they reach, their occupancy."""

    agents: int
    service_level: float
    occupancy: float


def staff(
    per_hour: float, handle_minutes: float, within_minutes: float, target: float
) -> Staffing:
    """Agents needed for ``target`` of the messages to be answered within ``within_minutes``."""
    load = traffic(per_hour, handle_minutes)
    agents = agents_needed(load, handle_minutes, [(within_minutes, target)])
    return Staffing(
        agents=agents,
        service_level=service_level(agents, load, handle_minutes, within_minutes),
        occupancy=occupancy(agents, load),
    )


def _c_from_b(agents: int, load: float, b: float) -> float:
    return agents * b / (agents - load * (1 - b))


def _level(agents: int, load: float, b: float, handle_minutes: float, within: float) -> float:
    """Service level from Erlang B; the one formula both the search and the check use."""
    c = _c_from_b(agents, load, b)
    return max(0.0, 1 - c * math.exp(-(agents - load) * within / handle_minutes))


def _check(agents: int, load: float) -> None:
    if agents < 0:
        raise ValueError("the number of agents cannot be negative")
    if not math.isfinite(load) or load < 0:
        raise ValueError("traffic must be a finite number of Erlang, zero or more")
    if load > MAX_LOAD or agents > 2 * MAX_LOAD:
        raise ValueError("more than a million agents' worth of traffic is beyond this model")


def _check_times(handle_minutes: float, within_minutes: float) -> None:
    if not handle_minutes > 0:
        raise ValueError("the handling time must be longer than zero")
    if not within_minutes >= 0:
        raise ValueError("the waiting-time target cannot be negative")
