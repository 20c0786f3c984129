"""`mkdocs serve` rebuilds when the policy, a template or the library changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ENGLISH, MKDOCS_YML, write_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float = 30) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if text in fetch(url):
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{url} did not show {text!r} within {timeout} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = tmp_path / "p"
    (project / "overrides" / "pages").mkdir(parents=True)
    (project / "library").mkdir(parents=True)
    write_project(
        project,
        ENGLISH,
        mkdocs_yml=MKDOCS_YML.replace(
            "policy: policy.yml",
            "policy: policy.yml\n      templates: overrides\n      library: library",
        ),
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url, "Harbour Lane Bikes", timeout=60)
        yield project, url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_rebuilds_on_policy_template_and_library_changes(served: tuple[Path, str]) -> None:
    project, url = served
    policy = project / "policy.yml"
    policy.write_text(policy.read_text().replace("Sam Okafor", "Robin Hale"))
    wait_for(url + "accounts/harbourlanebikes/", "Robin Hale")

    (project / "overrides" / "pages" / "strategy.md").write_text("# Our course\n\nBy hand.\n")
    wait_for(url + "strategy/", "Our course")

    (project / "library" / "networks.yml").write_text(
        "instagram:\n  name: Insta (company list)\n  bio_limit: 150\n  private_messages: true\n"
    )
    wait_for(url + "accounts/", "Insta (company list)")

    (project / "overrides" / "i18n" / "en").mkdir(parents=True)
    (project / "overrides" / "i18n" / "en" / "mine.yml").write_text(
        "accounts:\n  title: Where we post\n"
    )
    wait_for(url + "accounts/", "Where we post")
