"""How long a bad policy takes to end in its message (the target: well under a second each).

Times every file of the corpus (``tests/bad_policies/*.yml``) plus the large hostile inputs the
tests build (a 10 MB file, a text of 4 MB, a list of 600,000 entries), each through the whole
pipeline the build runs (:func:`playbook.guideline.generate`), in this process, ``--runs``
times; and once through ``playbook check`` in a fresh process, as an author meets it.

Usage: python scripts/bench_bad_input.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playbook.errors import PlaybookError
from playbook.guideline import generate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "bad_policies"
BASE = CORPUS / "accepted" / "yaml-1-1-words.yml"


def large_inputs(folder: Path) -> list[Path]:
    """The hostile inputs too large to keep in the repository."""
    text = BASE.read_text(encoding="utf-8")
    made = {
        "ten-megabytes": text + ("# " + "x" * 1000 + "\n") * 10_500,
        "text-of-megabytes": text.replace("purpose: no", "purpose: " + "Service " * 500_000),
        "list-of-600000": text.replace("    - n\n", "    - n\n" + "    - x\n" * 600_000),
    }
    paths = []
    for name, content in made.items():
        path = folder / f"{name}.yml"
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


def time_in_process(policy: Path, runs: int) -> list[float]:
    """Seconds until generate() raises the policy's error, ``runs`` times."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        try:
            generate(policy)
        except PlaybookError:
            pass
        else:
            raise SystemExit(f"{policy}: built without an error")
        seconds.append(time.perf_counter() - start)
    return seconds


def time_command(policy: Path) -> float:
    """Seconds for ``playbook check`` in a fresh process, start-up included."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "playbook.cli", "check", str(policy)],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 1 or "Traceback" in done.stderr:
        raise SystemExit(f"{policy}: exit {done.returncode}\n{done.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per file (default: 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        policies = sorted(CORPUS.glob("*.yml")) + large_inputs(Path(folder))
        rows = []
        for policy in policies:
            seconds = time_in_process(policy, args.runs)
            rows.append((policy.stem, statistics.median(seconds), max(seconds),
                         time_command(policy)))
    width = max(len(name) for name, *_ in rows)
    print(f"{'policy':<{width}}  median ms  worst ms  playbook check ms")
    for name, median, worst, command in sorted(rows, key=lambda row: -row[3]):
        print(f"{name:<{width}}  {median * 1000:9.1f}  {worst * 1000:8.1f}  {command * 1000:17.0f}")
    slowest = max(rows, key=lambda row: row[3])
    print(f"{len(rows)} bad policies; slowest through playbook check: {slowest[0]} "
          f"({slowest[3]:.2f} s); slowest in process: "
          f"{max(rows, key=lambda row: row[2])[0]} ({max(r[2] for r in rows):.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
