"""How long the staffing model takes for a full week of 20 teams (168 hours each).

The teams are modelled on the German example's Social Service team and range from a few
messages an hour to about 2,000 at peak, with its four response targets (the strictest: 90 %
within 30 minutes). Two cases are timed:

- a typical week: the volume follows a weekday/hour profile, so many hours repeat and the
  team's cache of identical hours is used, as it is on a real build;
- every hour different: each hour's volume is nudged so no result can be reused, so every
  one of the 3,360 hours runs the Erlang C search.

Usage: python scripts/bench_staffing.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from typing import Any

from playbook.library import load_library
from playbook.loader import load_policy
from playbook.model import WEEKDAYS, Policy, StaffingTeam
from playbook.staffing import weeks

EXAMPLE = Path(__file__).resolve().parent.parent / "content" / "policy.yml"
TEAMS = 20
PROFILE = {
    "00-07": 1, "07-09": 7, "09-12": 10, "12-14": 8, "14-17": 9, "17-20": 7, "20-24": 4,
    "sat-sun 00-09": 1, "sat-sun 09-14": 8, "sat-sun 14-20": 6, "sat-sun 20-24": 4,
}


def team(k: int, distinct: bool) -> StaffingTeam:
    """Team ``k``: daily volume grows from 60 to about 26,000 messages across the 20 teams."""
    daily = round(60 * 1.375**k)
    handle = 4 + k % 6
    data: dict[str, Any] = {
        "team": f"Team {k + 1}",
        "accounts": ["@nordlicht_hilft", "@nordlicht_energie"],
        "handle_time": f"{handle} min",
        "shrinkage": 0.3,
        "plan": {"mon-fri 07-20": 1 + daily // 150, "sat 09-14": 1 + daily // 400},
    }
    if distinct:
        flat = StaffingTeam.model_validate(
            {**data, "messages": {"per_day": daily, "profile": PROFILE}}
        ).messages.week()
        data["messages"] = {
            "per_hour": {
                f"{day} {h:02d}-{h + 1:02d}": flat[d][h] * (1 + (d * 24 + h) * 1e-4)
                for d, day in enumerate(WEEKDAYS)
                for h in range(24)
            }
        }
    else:
        per_day = {"mon-fri": daily, "sat-sun": daily // 3}
        data["messages"] = {"per_day": per_day, "profile": PROFILE}
    return StaffingTeam.model_validate(data)


def policy_with_teams(base: Policy, distinct: bool) -> Policy:
    assert base.service is not None
    service = base.service.model_copy(
        update={"staffing": [team(k, distinct) for k in range(TEAMS)]}
    )
    return base.model_copy(update={"service": service})


def time_weeks(policy: Policy, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per run (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = weeks(policy)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
        assert len(result) == TEAMS and all(len(w.each()) == 168 for w in result)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Timed runs per case.")
    args = parser.parse_args()
    library = load_library(None)
    base = load_policy(EXAMPLE, library.networks, set(library.examples))
    print(f"staffing model: {TEAMS} teams x 168 hours = {TEAMS * 168} team-hours per run")
    for label, distinct in (("typical week", False), ("every hour different", True)):
        policy = policy_with_teams(base, distinct)
        computed = weeks(policy)
        peak = max(h.messages for w in computed for h in w.each())
        agents = max(h.agents for w in computed for h in w.each())
        wall, cpu = time_weeks(policy, args.runs)
        print(
            f"  {label:<21} median {statistics.median(wall):6.1f} ms "
            f"(CPU {statistics.median(cpu):5.1f} ms), best {min(wall):6.1f} ms, "
            f"worst {max(wall):6.1f} ms; busiest hour {peak:,.0f} messages, {agents} agents"
        )
    load = os.getloadavg()[0]
    print(f"  ({args.runs} runs each; load average {load:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
