"""The benchmark script runs end to end (numbers are its output, never asserted here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_bench_runs_on_one_account(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "1", "--runs", "1",
         "--json", str(tmp_path / "bench.json")],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.splitlines()[1:3]
    assert "ratio" in header and "serve rebuild" in header
    assert row.split()[0] == "1"
    report = json.loads((tmp_path / "bench.json").read_text())
    (size,) = report["results"]
    assert size["accounts"] == 1
    assert all(size[k]["seconds"] for k in ("generate", "plugin", "plain", "check", "serve"))
    assert size["plugin"]["mib"][0] > 0
