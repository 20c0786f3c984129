"""A service team's week, hour by hour: messages expected, people needed, people planned.

The gaps between the last two are grouped into readable ranges ('Mon-Fri 18-20').

Each hour is computed on its own with Erlang C (:mod:`playbook.erlang`), as if its rate held
steadily; the strictest response target of the team's accounts decides, because one queue in
order of arrival serves every message. Hours outside the opening hours carry no promise: their
messages wait for the next opening and are counted as backlog work instead. MkDocs-free; the
Staffing pages and the gap check both read from here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from playbook import erlang
from playbook.model import (
    WEEKDAYS,
    Effective,
    OpeningHours,
    Policy,
    StaffingTeam,
    hour_range,
)

K = TypeVar("K", bound=Hashable)

_PRIORITY_ORDER = ("urgent", "high", "normal", "low")
_EPSILON = 1e-9
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Target:
    """A promise the team must keep: ``share`` of messages answered within ``within`` minutes."""

    within: float
    share: float
    priorities: tuple[str, ...]

    @property
    def share_label(self) -> str:
        """'80 %'."""
        return f"{_number(self.share * 100)} %"

    @property
    def within_label(self) -> str:
        """'30 min', '4 h' or '1 d'."""
        return _minutes(self.within)

    def describe(self) -> str:
        """The promise in plain English, for check messages: '80 % within 30 min'."""
        return f"{self.share_label} within {self.within_label}"


@dataclass(frozen=True, slots=True)
class Hour:
    """One hour of the week (``day`` 0 is Monday, ``hour`` 0 starts at midnight)."""

    day: int
    hour: int
    messages: float
    open_share: float
    agents: int
    needed: int
    planned: int | None
    answering: int | None
    binding: Target | None
    load: float
    handle_minutes: float

    @property
    def service_level(self) -> float | None:
        """Share answered within the binding target by the planned people (None: no plan)."""
        if self.answering is None or self.binding is None:
            return None
        return erlang.service_level(
            self.answering, self.load, self.handle_minutes, self.binding.within
        )

    @property
    def open(self) -> bool:
        """Whether any part of the hour lies within the opening hours."""
        return self.open_share > 0

    @property
    def gap(self) -> bool:
        """Whether the planned people cannot keep the promises in this hour."""
        return self.planned is not None and self.planned < self.needed

    @property
    def missing(self) -> int:
        """People short of what the promises need (0 without a plan or a gap)."""
        return self.needed - self.planned if self.gap and self.planned is not None else 0


@dataclass(frozen=True)
class Span(Generic[K]):
    """Hours ``start`` to ``end`` (exclusive) on each of ``days`` that share the same ``key``."""

    days: tuple[int, ...]
    start: int
    end: int
    key: K

    @property
    def weekdays(self) -> tuple[str, ...]:
        """The days as weekday ids ('mon', ...), for the pages' ``days`` filter."""
        return tuple(WEEKDAYS[d] for d in self.days)

    def label(self) -> str:
        """'Mon-Fri 18-20', in English (for check messages and logs)."""
        return f"{day_label(self.days)} {self.start:02d}-{self.end:02d}"

    def policy_label(self) -> str:
        """'mon-fri 18-20', as a plan line in the policy writes it (the same in any language)."""
        return f"{day_label(self.days, WEEKDAYS)} {self.start:02d}-{self.end:02d}"


@dataclass(frozen=True)
class TeamWeek:
    """A staffing team with every hour of its typical week computed."""

    index: int
    team: StaffingTeam
    accounts: tuple[Effective, ...]
    targets: tuple[Target, ...]
    opening_hours: tuple[OpeningHours, ...]
    hours: tuple[tuple[Hour, ...], ...]

    @property
    def open_hours(self) -> tuple[OpeningHours, ...]:
        """The team's opening hours: its accounts' hours merged, 'Mo–Fr 07:00–20:00'."""
        return merge_hours(self.opening_hours)

    @property
    def around_the_clock(self) -> bool:
        """No account of the team states opening hours, so every hour counts as open."""
        return not self.opening_hours

    @property
    def has_plan(self) -> bool:
        """Whether the team has written down its roster."""
        return self.team.plan is not None

    def each(self) -> list[Hour]:
        """All 168 hours, Monday 00-01 first."""
        return [hour for day in self.hours for hour in day]

    @property
    def messages(self) -> float:
        """Messages expected in the week."""
        return sum(h.messages for h in self.each())

    @property
    def messages_outside(self) -> float:
        """Messages that arrive while the team is closed."""
        return sum(h.messages * (1 - h.open_share) for h in self.each())

    @property
    def share_outside(self) -> float:
        """Share of the week's messages that arrive outside the opening hours."""
        total = self.messages
        return self.messages_outside / total if total else 0.0

    @property
    def hours_needed(self) -> int:
        """Hours on shift per week the promises need, shrinkage included."""
        return sum(h.needed for h in self.each())

    @property
    def backlog_hours(self) -> float:
        """Hours on shift per week to work off what arrived while closed, shrinkage included."""
        work = self.messages_outside * self.team.handle_time / 60
        return work / (1 - self.team.shrinkage)

    @property
    def hours_planned(self) -> int | None:
        """Hours on shift per week in the plan, or None without a plan."""
        return sum(h.planned or 0 for h in self.each()) if self.has_plan else None

    @property
    def occupancy(self) -> float:
        """Average share of the answering agents' time spent on messages in open hours."""
        busy = sum(h.messages * self.team.handle_time / 60 for h in self.each() if h.agents)
        agents = sum(h.agents for h in self.each())
        return busy / agents if agents else 0.0

    @property
    def peak_needed(self) -> int:
        """The most people the promises need in any one hour."""
        return max(h.needed for h in self.each())

    @property
    def gap_hours(self) -> int:
        """Hours of the week in which the plan falls short."""
        return sum(1 for h in self.each() if h.gap)

    def gaps(self) -> list[Span[tuple[int, int, Target]]]:
        """Hours the plan cannot cover, grouped: key (planned, needed, binding target)."""

        def key(h: Hour) -> tuple[int, int, Target] | None:
            if not h.gap or h.planned is None or h.binding is None:
                return None
            return (h.planned, h.needed, h.binding)

        return group(self.hours, key)

    def spans(self) -> list[Span[tuple[bool, float, int, int | None]]]:
        """The whole week grouped for the text table: key (open, messages, needed, planned)."""

        def key(h: Hour) -> tuple[bool, float, int, int | None]:
            return (h.open, round(h.messages, 1), h.needed, h.planned)

        return group(self.hours, key)

    def plan_line(self, day: int, hour: int) -> str | None:
        """The plan line that sets ``hour`` on ``day`` (the last one naming it), if any."""
        found = None
        for key in self.team.plan or {}:
            days, start, end = hour_range(key)
            if WEEKDAYS[day] in days and start <= hour < end:
                found = key
        return found

    def gap_message(self, span: Span[tuple[int, int, Target]]) -> str:
        """'Mon-Fri 18-20: 2 planned, 4 needed for 80 % within 30 min'."""
        planned, needed, target = span.key
        return f"{span.label()}: {planned} planned, {needed} needed for {target.describe()}"


def weeks(policy: Policy) -> list[TeamWeek]:
    """Every staffing team of the policy, computed."""
    teams = policy.service.staffing if policy.service else []
    return [week(policy, i, team) for i, team in enumerate(teams)]


def week(policy: Policy, index: int, team: StaffingTeam) -> TeamWeek:
    """One team's week: hourly needs from Erlang C, compared with the plan."""
    accounts = tuple(policy.staffed(team))
    targets = team_targets(accounts)
    opening = tuple(oh for view in accounts for oh in view.hours)
    messages = team.messages.week()
    planned = team.planned()
    handle = float(team.handle_time)
    keep = 1 - team.shrinkage
    promised = [(t.within, t.share) for t in targets]
    cache: dict[float, tuple[int, Target | None, float]] = {}
    """A typical week repeats its hourly volumes, so each distinct volume is computed once."""

    def need(per_hour: float) -> tuple[int, Target | None, float]:
        if per_hour not in cache:
            load = erlang.traffic(per_hour, handle)
            per_target = erlang.agents_per_target(load, handle, promised)
            agents = max(per_target, default=0)
            binding = targets[per_target.index(agents)] if agents else None
            cache[per_hour] = (agents, binding, load)
        return cache[per_hour]

    shares = open_shares(opening)
    rows: list[tuple[Hour, ...]] = []
    for day in range(len(WEEKDAYS)):
        row = []
        for hour in range(24):
            count = messages[day][hour]
            share = shares[day][hour]
            agents, binding, load = need(count) if share > 0 else (0, None, 0.0)
            needed = math.ceil(agents / keep - _EPSILON) if agents else 0
            on_shift = planned[day][hour] if planned is not None else None
            answering = math.floor(on_shift * keep + _EPSILON) if on_shift is not None else None
            row.append(
                Hour(
                    day, hour, count, share, agents, needed, on_shift, answering, binding, load,
                    handle,
                )
            )
        rows.append(tuple(row))
    return TeamWeek(index, team, accounts, targets, opening, tuple(rows))


def team_targets(accounts: Sequence[Effective]) -> tuple[Target, ...]:
    """The distinct response targets of the accounts, most urgent priority first."""
    found: dict[tuple[float, float], list[str]] = {}
    for view in accounts:
        for target in view.response_targets:
            priorities = found.setdefault((target.within, target.share), [])
            if target.priority not in priorities:
                priorities.append(target.priority)
    targets = [
        Target(within, share, tuple(sorted(p, key=_PRIORITY_ORDER.index)))
        for (within, share), p in found.items()
    ]
    return tuple(
        sorted(targets, key=lambda t: (_PRIORITY_ORDER.index(t.priorities[0]), t.within))
    )


def open_shares(hours: Sequence[OpeningHours]) -> list[list[float]]:
    """How much of each hour of the week (0 to 1) the opening hours cover; all 1 without any."""
    if not hours:
        return [[1.0] * 24 for _ in WEEKDAYS]
    grid = []
    for stretches in _stretches(hours):
        row = [0.0] * 24
        for lo, hi in stretches:
            for hour in range(lo // 60, math.ceil(hi / 60)):
                covered = min(hi, hour * 60 + 60) - max(lo, hour * 60)
                row[hour] += covered / 60
        grid.append(row)
    return grid


def _stretches(hours: Sequence[OpeningHours]) -> list[list[tuple[int, int]]]:
    """Per weekday, the open stretches in minutes since midnight, overlaps joined."""
    days = []
    for day in WEEKDAYS:
        merged: list[list[int]] = []
        for lo, hi in sorted((_clock(h.open), _clock(h.close)) for h in hours if day in h.days):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        days.append([(lo, hi) for lo, hi in merged])
    return days


def merge_hours(hours: Sequence[OpeningHours]) -> tuple[OpeningHours, ...]:
    """Overlapping or touching stretches joined, and days with the same stretches grouped."""
    groups: dict[tuple[tuple[int, int], ...], list[str]] = {}
    for day, stretches in zip(WEEKDAYS, _stretches(hours), strict=True):
        if stretches:
            groups.setdefault(tuple(stretches), []).append(day)
    return tuple(
        OpeningHours(days=days, open=_hhmm(lo), close=_hhmm(hi))  # type: ignore[arg-type]
        for stretches, days in groups.items()
        for lo, hi in stretches
    )


def group(
    grid: Sequence[Sequence[Hour]], key: Callable[[Hour], K | None]
) -> list[Span[K]]:
    """Runs of hours with the same key, merged across the days that share them.

    Within a day, neighbouring hours with equal keys form a run; runs with the same hours and
    key on several days become one span ('Mon-Fri 18-20'). Hours whose key is None are left
    out. Spans come in order of their first day, then their first hour.
    """
    merged: dict[tuple[int, int, K], list[int]] = {}
    for day, row in enumerate(grid):
        run_start, run_key = 0, None
        for hour in range(len(row) + 1):
            current = key(row[hour]) if hour < len(row) else None
            if hour < len(row) and current == run_key and run_key is not None:
                continue
            if run_key is not None:
                merged.setdefault((run_start, hour, run_key), []).append(day)
            run_start, run_key = hour, current
    spans = [Span(tuple(days), start, end, k) for (start, end, k), days in merged.items()]
    return sorted(spans, key=lambda s: (s.days[0], s.start))


def day_label(days: Sequence[int], names: Sequence[str] = _DAY_NAMES) -> str:
    """Weekday numbers as English ranges: (0, 1, 2, 3, 4, 6) -> 'Mon-Fri, Sun'."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(
        names[r[0]] if len(r) == 1 else f"{names[r[0]]}-{names[r[-1]]}" for r in runs
    )


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _minutes(minutes: float) -> str:
    if minutes >= 1440 and minutes % 1440 == 0:
        return f"{_number(minutes / 1440)} d"
    if minutes >= 60:
        return f"{_number(minutes / 60)} h"
    return f"{_number(minutes)} min"
