"""The `playbook` command: every subcommand through click's runner, some through a real process."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ENGLISH, GERMAN, ROOT, page_text
from jsonschema import Draft202012Validator, ValidationError

from playbook.cli import main
from playbook.loader import read_document
from playbook.schema import policy_schema

SMALL_FIRM = ENGLISH.parent


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def subprocess_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}


@pytest.mark.parametrize(
    "command", ["check", "schema", "build", "serve"]
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example:" in out
    assert f"playbook {command}" in out.split("Example:", 1)[1]


def test_wrong_usage_exits_2() -> None:
    code, _, err = run("schema", "--no-such-option")
    assert code == 2
    assert "No such option" in err


# --- schema -------------------------------------------------------------------------------


def test_committed_schema_is_the_generated_one() -> None:
    committed = json.loads((ROOT / "content" / "policy.schema.json").read_text(encoding="utf-8"))
    assert committed == policy_schema(), "run `playbook schema -o content/policy.schema.json`"


def test_schema_command_prints_and_writes_the_schema(tmp_path: Path) -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out) == policy_schema()
    target = tmp_path / "policy.schema.json"
    code, out, err = run("schema", "--output", str(target))
    assert code == 0
    assert out == ""
    assert err == f"wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")


def schema_errors(data: object) -> list[str]:
    validator = Draft202012Validator(
        policy_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _leaves(validator.iter_errors(data))
    ]


def _leaves(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """The innermost errors: an optional section fails as "not valid under anyOf" otherwise."""
    for error in errors:
        if error.context:
            yield from _leaves(e for e in error.context if e.validator != "type")
        else:
            yield error


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(policy_schema())


@pytest.mark.parametrize("policy", [GERMAN, ENGLISH], ids=["german", "english"])
def test_examples_validate_against_the_schema(policy: Path) -> None:
    # The YAML 1.2 reader the editor's language server uses too: dates stay text.
    assert schema_errors(read_document(policy).data) == []
    first_line = policy.read_text(encoding="utf-8").splitlines()[0]
    schema_ref = first_line.removeprefix("# yaml-language-server: $schema=")
    assert (policy.parent / schema_ref).resolve() == ROOT / "content" / "policy.schema.json"


def test_schema_rejects_what_the_model_rejects() -> None:
    data = read_document(ENGLISH).data
    assert isinstance(data, dict)
    data["strategy"]["channel_role"] = "broadcast"
    data["accounts"][0]["ower"] = "Sam"
    data["service"] = {"response_targets": [{"priority": "urgent", "within": "soon"}]}
    errors = schema_errors(data)
    assert any(e.startswith("strategy.channel_role:") for e in errors)
    assert any("'ower' was unexpected" in e for e in errors)
    assert any(e.startswith("service.response_targets.0.within:") for e in errors)


# --- build and serve ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_firm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the English example, so builds write nothing into the repository."""
    folder = tmp_path_factory.mktemp("small-firm") / "project"
    shutil.copytree(SMALL_FIRM, folder)
    return folder


def test_build_runs_mkdocs_for_the_project(small_firm: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, _, _ = run("build", "-f", str(small_firm / "mkdocs.yml"), "--strict", "-d", str(site))
    assert code == 0
    assert "Harbour Lane Bikes" in page_text(site, "index.html")
    assert (site / "accounts" / "harbourlanebikes" / "index.html").is_file()


def test_build_as_a_real_process_reports_a_broken_policy(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SMALL_FIRM, project)
    policy = project / "policy.yml"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("channel_role: distribution",
                                                   "channel_role: broadcast"),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "playbook.cli", "build", "-f", str(project / "mkdocs.yml")]
    done = subprocess.run(command, capture_output=True, text=True, env=subprocess_env(),
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 1
    assert "strategy.channel_role" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (project / "site").exists()


def test_build_as_a_real_process(small_firm: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    command = [sys.executable, "-m", "playbook.cli", "build", "-f",
               str(small_firm / "mkdocs.yml"), "-d", str(site)]
    done = subprocess.run(command, capture_output=True, text=True, env=subprocess_env(),
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Documentation built" in done.stderr
    assert "Harbour Lane Bikes" in page_text(site, "index.html")


@pytest.mark.parametrize("command", ["build", "serve"])
def test_build_and_serve_without_a_config_give_one_line(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "mkdocs.yml"
    code, _, err = run(command, "-f", str(missing))
    assert code == 1
    assert err == f"{missing}: file not found; run `playbook init` first\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_previews_the_site(small_firm: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "playbook.cli", "serve", "-f",
               str(small_firm / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, env=subprocess_env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/strategy/") as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read() if server.stderr else "") from None
                time.sleep(0.2)
        assert "One account shares what is new" in body
    finally:
        server.terminate()
        server.wait(timeout=20)
