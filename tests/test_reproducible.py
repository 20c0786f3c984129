"""Same input, same site: two builds give byte-identical pages.

Each build runs in its own process with its own hash seed, so an order that depends on set or
dict iteration of strings would show up. Only the sitemap carries the day of the build (in
the gzip header of sitemap.xml.gz, and as ``lastmod`` dates when ``site_url`` is set); with
``SOURCE_DATE_EPOCH`` set, as reproducible-build tooling does, it is identical too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ROOT

EXAMPLES = {"de": ROOT / "mkdocs.yml", "en": ROOT / "content" / "small-firm" / "mkdocs.yml"}
EPOCH = "1700000000"  # 2023-11-14


def build(config: Path, site: Path, **env: str) -> Path:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        env={**environment, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return site


def contents(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_two_builds_of_the_same_input_are_identical(tmp_path: Path, example: str) -> None:
    config = EXAMPLES[example]
    runs = [
        (tmp_path / "a", {"PYTHONHASHSEED": "1", "SOURCE_DATE_EPOCH": EPOCH}),
        (tmp_path / "b", {"PYTHONHASHSEED": "2", "SOURCE_DATE_EPOCH": EPOCH}),
        (tmp_path / "c", {"PYTHONHASHSEED": "3"}),
    ]
    with ThreadPoolExecutor(len(runs)) as pool:
        a, b, c = pool.map(lambda run: contents(build(config, *run[:1], **run[1])), runs)

    assert a.keys() == b.keys() == c.keys()
    assert any(name.endswith(".html") for name in a)
    different = sorted(name for name in a if a[name] != b[name])
    assert not different, f"differ between two builds: {different}"
    # The gzip header keeps the build day: the one given, not the clock's.
    assert int.from_bytes(a["sitemap.xml.gz"][4:8], "little") == int(EPOCH) // 86400 * 86400

    # Without SOURCE_DATE_EPOCH only the sitemap carries the day of the build.
    dated = sorted(name for name in a if a[name] != c[name])
    assert set(dated) <= {"sitemap.xml", "sitemap.xml.gz"}, dated
