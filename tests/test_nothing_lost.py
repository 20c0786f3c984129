"""Nothing lost: a broken save never stops `mkdocs serve`, and a failed build leaves no site.

``serve`` runs as a real subprocess on a free local port and is polled with bounded waits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ENGLISH, GERMAN, write_project
from test_serve import fetch, free_port, wait_for

TYPO = ("  country: GB\n", "  contry: GB\n")


def start_serve(project: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    log = project / "serve.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return process, f"http://127.0.0.1:{port}/", log


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[bytes], str, Path]]:
    project = tmp_path / "p"
    write_project(project, ENGLISH)
    process, url, log = start_serve(project)
    try:
        yield project, process, url, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_shows_a_broken_save_and_recovers_on_the_next_good_one(serving) -> None:
    project, process, url, log = serving
    account = url + "accounts/harbourlanebikes/"
    wait_for(account, "Sam Okafor", timeout=60)
    policy = project / "policy.yml"
    good = policy.read_text(encoding="utf-8")

    policy.write_text(good.replace(*TYPO), encoding="utf-8")
    # The page the author has open turns into the explanation, and so does the start page.
    wait_for(account, "contry")
    page = fetch(account)
    assert "The guideline cannot be built" in page
    assert "did you mean 'country'?" in page
    assert "policy.yml:8:3: company.contry:" in page
    assert "contry" in fetch(url)
    assert process.poll() is None
    message = f"{policy}:8:3: company.contry: unknown key 'contry'; did you mean 'country'?"
    assert message in log.read_text(encoding="utf-8")

    policy.write_text(good.replace("Sam Okafor", "Robin Hale"), encoding="utf-8")
    wait_for(account, "Robin Hale")
    assert "The guideline cannot be built" not in fetch(account)
    assert process.poll() is None
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text
    assert "appear stuck" not in text


def test_serve_starts_with_a_broken_policy_and_shows_the_site_once_fixed(tmp_path: Path) -> None:
    project = tmp_path / "p"
    good = GERMAN.read_text(encoding="utf-8")
    broken = good.replace("  review_interval_months: 6", "  review_interval_months: -1")
    assert broken != good
    write_project(project, broken)
    process, url, log = start_serve(project)
    try:
        wait_for(url, "Der Leitfaden kann nicht erzeugt werden", timeout=60)
        assert "status.review_interval_months: must be at least 1, got -1" in fetch(url)
        (project / "policy.yml").write_text(good, encoding="utf-8")
        wait_for(url, "Nordlicht Energie")
        wait_for(url + "service/", "Leitstelle Netzbetrieb")
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_a_failed_build_leaves_no_site_that_looks_complete(tmp_path: Path) -> None:
    """The previous site would look current: MkDocs' usual cleaning runs, then the build fails."""
    project = tmp_path / "p"
    config = write_project(project, ENGLISH)

    def build() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
            capture_output=True, text=True, timeout=120,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )

    assert build().returncode == 0
    assert (project / "site" / "index.html").exists()
    policy = project / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace(*TYPO), encoding="utf-8")
    result = build()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{policy}:8:3: company.contry: unknown key 'contry'" in result.stderr
    assert list((project / "site").iterdir()) == []


def test_a_dirty_build_keeps_the_site_it_was_asked_to_keep(tmp_path: Path) -> None:
    """``--dirty`` promises not to clean; a failure then leaves the folder as it was."""
    project = tmp_path / "p"
    config = write_project(project, ENGLISH)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(command, check=True, capture_output=True, timeout=120, env=env)
    policy = project / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace(*TYPO), encoding="utf-8")
    result = subprocess.run(
        [*command, "--dirty"], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 1
    assert (project / "site" / "index.html").exists()
