"""The `playbook` command: every subcommand through click's runner, some through a real process."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import typing
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ENGLISH, GERMAN, ROOT, load_yaml, page_text
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, ValidationError
from pydantic import BaseModel

from playbook import init as starter
from playbook import yamlwriter
from playbook.assets import foreign_resources
from playbook.cli import main
from playbook.diff import KEYS, WHOLE, Differ
from playbook.loader import read_document
from playbook.model import Policy
from playbook.schema import policy_schema, schema_text

SMALL_FIRM = ENGLISH.parent


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def subprocess_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}


def test_the_commands_are_all_there() -> None:
    assert {"init", "check", "schema", "diff", "export", "build", "serve"} <= set(main.commands)


@pytest.mark.parametrize("command", sorted(main.commands))
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


def test_build_from_another_thread(small_firm: Path, tmp_path: Path) -> None:
    """An editor plugin or a test runner may call the command off the main thread."""
    site = tmp_path / "site"
    results: list[tuple[int, str, str]] = []
    worker = threading.Thread(
        target=lambda: results.append(run("build", "-f", str(small_firm / "mkdocs.yml"),
                                          "-d", str(site)))
    )
    worker.start()
    worker.join(timeout=120)
    assert results and results[0][0] == 0, results
    assert "Harbour Lane Bikes" in page_text(site, "index.html")


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
    # Stopping `playbook serve` stops the MkDocs server it started: the port is free again.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no listener
        s.bind(("127.0.0.1", port))


# --- diff ---------------------------------------------------------------------------------


def edited(source: Path, folder: Path, *edits: tuple[str, str]) -> Path:
    """A copy of ``source`` with each (old, new) text replaced once; every edit must apply."""
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    target.write_text(text, encoding="utf-8")
    return target


NEW_ACCOUNT = """\
  - handle: "@harbourlanebikes_help"
    network: mastodon
    role: service
    purpose: Questions about repairs and orders.
"""


def test_diff_words_changes_in_the_policys_language(tmp_path: Path) -> None:
    new = edited(
        GERMAN, tmp_path,
        ("      within: 30 min\n", "      within: 1 h\n"),
        ("    - Fachkräfte für Netzausbau und Kundenservice gewinnen\n", ""),
        ("    owner: Mira Schulz, Social-Media-Redaktion\n", "    owner: Lea Jansen\n"),
        ('    - days: mon-fri\n      open: "07:00"', '    - days: mon-fri\n      open: "08:00"'),
        ("  review_interval_months: 6\n", "  review_interval_months: 12\n"),
    )
    code, out, err = run("diff", str(GERMAN), str(new))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "- Überprüfung alle (Monate): 6 → 12",
        "- Ziele: „Fachkräfte für Netzausbau und Kundenservice gewinnen“ entfernt",
        "- Konto @nordlicht.energie: Verantwortlich: Mira Schulz, Social-Media-Redaktion → "
        "Lea Jansen",
        "- Servicezeiten: Mo–Fr 07:00–20:00, Sa 09:00–14:00 → Mo–Fr 08:00–20:00, Sa 09:00–14:00",
        "- Reaktionsziel für dringende Anfragen: 30 Min. → 1 Std.",
    ]


def test_diff_in_english_matches_accounts_by_handle_and_targets_by_priority(
    tmp_path: Path,
) -> None:
    service = "service:\n  response_targets:\n    - priority: urgent\n      within: 2 h\n"
    old = edited(ENGLISH, tmp_path / "old", ("voice:\n", service + "\nvoice:\n"))
    new = edited(
        ENGLISH, tmp_path / "new",
        ("\nvoice:\n", "\n" + service.replace("2 h", "60 min") + "voice:\n"),
        ("    last_review: 2026-06-01\n", "    last_review: 2026-06-01\n" + NEW_ACCOUNT),
        ("    two_factor: true\n", "    two_factor: false\n"),
    )
    code, out, _ = run("diff", str(old), str(new))
    assert code == 0
    assert out.splitlines() == [
        "- account @harbourlanebikes: two-factor authentication: yes -> no",
        "- account @harbourlanebikes_help added",
        "- response target for urgent requests: 2 h -> 1 h",
    ]


def test_diff_ignores_form_order_and_spelling_of_equal_values(tmp_path: Path) -> None:
    text = GERMAN.read_text(encoding="utf-8")
    first = text.index('  - handle: "@nordlicht_hilft"')
    second = text.index('  - handle: "@nordlicht_news"')
    moved = text[:first] + text[second:text.index("\n# Frage 4")] + "\n" + text[first:second]
    moved += text[text.index("\n# Frage 4") + 1:]
    new = tmp_path / "policy.yml"
    new.write_text(moved.replace("within: 1 h\n", "within: 60 min\n").replace("# Frage", "#"),
                   encoding="utf-8")
    assert new.read_text(encoding="utf-8") != text
    code, out, err = run("diff", str(GERMAN), str(new))
    assert (code, out) == (0, "")
    assert err == "Keine inhaltlichen Änderungen.\n"


def test_diff_as_yaml_pastes_under_a_changelog_entry(tmp_path: Path) -> None:
    new = edited(GERMAN, tmp_path, ("      within: 30 min\n", "      within: 1 h\n"))
    code, out, _ = run("diff", str(GERMAN), str(new), "--format", "yaml")
    assert code == 0
    assert out == "- 'Reaktionsziel für dringende Anfragen: 30 Min. → 1 Std.'\n"


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=folder, check=True, capture_output=True,
    )


def test_diff_since_a_git_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content").mkdir()
    policy = tmp_path / "content" / "policy.yml"
    shutil.copy(ENGLISH, policy)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    edited(policy, policy.parent, ("    owner: Sam Okafor, shop manager\n", ""))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("diff", "--since", "HEAD")
    assert code == 0
    assert out == "- account @harbourlanebikes: owner removed (was Sam Okafor, shop manager)\n"
    code, out, err = run("diff", "--since", "no-such-rev", "content/policy.yml")
    assert (code, out) == (1, "")
    assert err == "no-such-rev:content/policy.yml: invalid object name 'no-such-rev'.\n"


def test_diff_reports_a_broken_policy_in_git_with_its_revision(tmp_path: Path) -> None:
    policy = edited(ENGLISH, tmp_path, ("channel_role: distribution", "channel_role: talk"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "broken")
    shutil.copy(ENGLISH, policy)
    code, _, err = run("diff", "--since", "HEAD", str(policy))
    assert code == 1
    line = ENGLISH.read_text(encoding="utf-8").splitlines().index("  channel_role: distribution")
    assert err == (
        f"HEAD:{policy}:{line + 1}:17: strategy.channel_role: 'talk' is not allowed; use "
        "'distribution', 'hybrid' or 'service'\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((str(GERMAN),), "give two policy files (OLD NEW), or --since GIT-REV [POLICY]"),
        (("--since", "HEAD", "a.yml", "b.yml"), "give at most one file"),
    ],
)
def test_diff_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    code, _, err = run("diff", *args)
    assert code == 2
    assert message in err


def test_diff_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("diff", str(tmp_path / "old.yml"), str(GERMAN))
    assert code == 1
    assert err == f"{tmp_path / 'old.yml'}: file not found\n"


def model_paths(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    for name, field in model.model_fields.items():
        path = prefix + name
        yield path
        if path in WHOLE:
            continue
        for inner in _models_in(field.annotation):
            yield from model_paths(inner, path + ".")


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


@pytest.mark.parametrize("language", ["de", "en"])
def test_diff_has_a_label_for_every_policy_field(language: str) -> None:
    differ = Differ(language)
    missing = [p for p in model_paths(Policy) if f"diff.label.{p}" not in differ.strings]
    assert missing == [], f"add labels to templates/i18n/{language}/diff.yml"
    for path in KEYS:
        assert f"diff.item.{path}" in differ.strings


# --- export -------------------------------------------------------------------------------


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def german_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The German example built with the plugin, and exported; (plugin site, export folder)."""
    base = tmp_path_factory.mktemp("german")
    site = base / "plugin-site"
    code, _, _ = run("build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site))
    assert code == 0
    target = base / "export"
    code, _, err = run("export", str(target), "-f", str(ROOT / "mkdocs.yml"))
    assert code == 0, err
    return site, target


def test_export_writes_the_generated_markdown_and_the_projects_files(
    german_export: tuple[Path, Path],
) -> None:
    _, target = german_export
    from playbook.guideline import generate

    guideline = generate(GERMAN)
    for spec in guideline.pages:
        assert (target / "docs" / spec.path).read_text(encoding="utf-8") == (
            guideline.markdown[spec.path]
        )
    assert (target / "docs" / "assets" / "logo.svg").read_bytes() == (
        ROOT / "content" / "docs" / "assets" / "logo.svg"
    ).read_bytes()
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert "playbook" not in config.split("plugins:", 1)[1].split("markdown_extensions:")[0]
    assert "- Start: index.md\n" in config
    assert "  - '@nordlicht_hilft': accounts/nordlicht_hilft.md\n" in config


def test_exported_folder_builds_strict_with_mkdocs_to_the_same_site(
    german_export: tuple[Path, Path],
) -> None:
    plugin_site, target = german_export
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(target / "mkdocs.yml")],
        capture_output=True, text=True, env=subprocess_env(), timeout=120,
    )
    assert done.returncode == 0, done.stderr
    site = target / "site"
    assert html_pages(site) == html_pages(plugin_site)
    for page in sorted(html_pages(site) - {"404.html"}):
        assert page_text(site, page) == page_text(plugin_site, page), page
        assert foreign_resources((site / page).read_text(encoding="utf-8")) == [], page


def test_exported_folder_builds_with_zensical(german_export: tuple[Path, Path]) -> None:
    plugin_site, target = german_export
    copy = target.parent / "zensical"
    shutil.copytree(target, copy, ignore=shutil.ignore_patterns("site"))
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "-f", str(copy / "mkdocs.yml")],
        capture_output=True, text=True, env=subprocess_env(), cwd=copy, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = copy / "site"
    pages = {p for p in html_pages(site) if p.endswith("index.html")}
    # Zensical has no print-site plugin yet, so the one-page print version is missing.
    expected = {p for p in html_pages(plugin_site) if p.endswith("index.html")}
    assert pages == expected - {"print_page/index.html"}
    assert (site / "assets" / "playbook" / "mermaid" / "mermaid.min.js").is_file()
    for page in pages:
        assert foreign_resources((site / page).read_text(encoding="utf-8")) == [], page
    service = page_text(site, "service/index.html")
    assert "Reaktionsziele" in service
    assert "30 Min." in service
    assert "@nordlicht_hilft" in page_text(site, "accounts/index.html")


def test_export_keeps_hand_written_pages_and_lists_own_pages(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SMALL_FIRM, project)
    (project / "docs" / "strategy.md").write_text("# Our own strategy page\n", encoding="utf-8")
    target = tmp_path / "out"
    code, _, err = run("export", str(target), "-f", str(project / "mkdocs.yml"))
    assert code == 0
    assert err == f"wrote 14 pages to {target / 'docs'} and {target / 'mkdocs.yml'}\n"
    assert (target / "docs" / "strategy.md").read_text() == "# Our own strategy page\n"
    assert (target / "docs" / "contact.md").is_file()
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.endswith("- Readiness: readiness.md\n- Changes: changes.md\n- contact.md\n")
    assert not (target / "docs" / "policy.yml").exists()


def test_export_refuses_a_non_empty_folder_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out"
    (target / "docs" / "accounts").mkdir(parents=True)
    stale = target / "docs" / "accounts" / "gone.md"
    stale.write_text("stale", encoding="utf-8")
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    config = str(SMALL_FIRM / "mkdocs.yml")
    code, _, err = run("export", str(target), "-f", config)
    assert code == 1
    assert err == f"{target}: not empty; use --force to replace its docs/ and mkdocs.yml\n"
    assert stale.exists()
    code, _, _ = run("export", str(target), "-f", config, "--force")
    assert code == 0
    assert not stale.exists()
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (target / "docs" / "accounts" / "harbourlanebikes.md").is_file()


def test_export_of_a_broken_policy_writes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SMALL_FIRM, project)
    edited(project / "policy.yml", project, ("  country: GB\n", "  country: Britain\n"))
    target = tmp_path / "out"
    code, _, err = run("export", str(target), "-f", str(project / "mkdocs.yml"))
    assert code == 1
    assert err.startswith(f"{project / 'policy.yml'}:")
    assert "company.country" in err
    assert not target.exists()


def test_export_refuses_to_write_into_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SMALL_FIRM, project)
    code, _, err = run("export", str(project), "-f", str(project / "mkdocs.yml"), "--force")
    assert code == 1
    assert err == f"{project}: holds the project itself; export into a folder of its own\n"
    assert (project / "docs" / "contact.md").is_file()


def test_export_carries_tags_and_needs_the_plugin(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SMALL_FIRM, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    tagged = text.replace("site_name: Harbour", "site_name: !ENV [SITE, Harbour]\nx: Harbour")
    config.write_text(tagged, encoding="utf-8")
    code, _, _ = run("export", str(tmp_path / "out"), "-f", str(config))
    assert code == 0
    exported = (tmp_path / "out" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: !ENV\n- SITE\n- Harbour\n" in exported
    config.write_text(text.replace("  - playbook:\n      policy: policy.yml\n", ""),
                      encoding="utf-8")
    code, _, err = run("export", str(tmp_path / "out2"), "-f", str(config))
    assert code == 1
    assert err == f"{config}: plugins: the playbook plugin is not configured\n"


# --- init ---------------------------------------------------------------------------------

PRESETS = ["service", "distribution", "small-business", "b2b"]


def init_project(folder: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    return run("init", str(folder), *args, input=input)


def strict_build(config_file: Path) -> Path:
    """A real MkDocs build that fails on any warning (as `mkdocs build --strict`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


def above(text: str, line: str) -> list[str]:
    """The comment lines directly above ``line``, without their '#'."""
    lines = text.splitlines()
    i = lines.index(line)
    comments: list[str] = []
    while i > 0 and lines[i - 1].lstrip().startswith("#"):
        i -= 1
        comments.insert(0, lines[i].strip().removeprefix("#").strip())
    return comments


def test_preset_names_are_the_shipped_files() -> None:
    assert sorted(PRESETS) == starter.preset_names()


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("preset", PRESETS)
def test_init_with_yes_writes_a_policy_that_validates_and_passes_check(
    tmp_path: Path, preset: str, language: str
) -> None:
    code, out, err = init_project(tmp_path, "--preset", preset, "--language", language, "--yes")
    assert code == 0, err
    assert out == ""
    policy = tmp_path / "content" / "policy.yml"
    text = policy.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=policy.schema.json\n")
    assert (tmp_path / "content" / "policy.schema.json").read_text(encoding="utf-8") == (
        schema_text()
    )
    assert schema_errors(read_document(policy).data) == []
    assert (tmp_path / "docs").is_dir()
    code, out, _ = run("check", str(policy), "--strict")
    assert code == 0, out
    assert " 0 errors, 0 warnings" in out or "no findings" in out
    company = "Muster GmbH" if language == "de" else "Example Ltd"
    question = "Wie heißt das Unternehmen?" if language == "de" else "What is the company called?"
    assert above(text, f"  name: {company}")[0] == question


@pytest.mark.parametrize(
    ("preset", "language"),
    [("service", "de"), ("distribution", "en"), ("small-business", "de"), ("b2b", "en")],
)
def test_init_project_builds_strict_at_once(tmp_path: Path, preset: str, language: str) -> None:
    code, _, _ = init_project(tmp_path, "--preset", preset, "--language", language, "--yes")
    assert code == 0
    site = strict_build(tmp_path / "mkdocs.yml")
    account = next((site / "accounts").glob("*/index.html")).parent.name
    assert account in {"muster_hilft", "example_help", "muster", "example"}
    home = page_text(site, "index.html")
    assert ("Muster GmbH" if language == "de" else "Example Ltd") in home
    assert (site / "print_page" / "index.html").is_file()


def test_init_without_a_terminal_takes_the_preset_and_says_what_it_wrote(tmp_path: Path) -> None:
    code, out, err = init_project(tmp_path, "--preset", "b2b", "--language", "en")
    assert code == 0
    assert out == ""
    assert err.splitlines() == [
        f"wrote {tmp_path / 'content' / 'policy.yml'}",
        f"wrote {tmp_path / 'content' / 'policy.schema.json'}",
        f"wrote {tmp_path / 'mkdocs.yml'}",
        f"preview: cd {tmp_path} && mkdocs serve",
    ]
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: Example Ltd social media guideline\n" in config
    assert "  - playbook:\n      policy: content/policy.yml\n" in config
    assert "  font: false\n" in config


ANSWERS = [
    "Nordlicht Energie GmbH",  # company
    "",  # country: DE
    "Sie",  # address form
    "",  # website
    "https://nordlicht.example/impressum",  # legal notice
    "talk",  # channel role: refused
    "hybrid",
    "mon-fri 8:00-18:00, sat 10:00-14:00",  # hours, asked because of hybrid
    "urgent soon",  # targets: refused
    "urgent 30 min, normal 4 h",
    "ja",  # audience check
    "",  # handle
    "myspace",  # network: refused
    "mastodon",
    "Mira Schulz",  # owner
    "",  # style: broadcast
    "-",  # participation: left out
    "nein",  # follow back
    "",  # tool
    "",  # two-factor
    "",  # profile image
]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the runner's stdin count as a terminal, so init asks."""
    monkeypatch.setattr("playbook.cli._stdin_is_terminal", lambda: True)


def test_init_asks_each_question_and_writes_the_answers(terminal: None, tmp_path: Path) -> None:
    code, out, err = init_project(
        tmp_path, "--preset", "distribution", "--language", "de", input="\n".join(ANSWERS) + "\n"
    )
    assert code == 0, out + err
    assert "Frage 1: Welche Rolle haben unsere Kanäle? (distribution/hybrid/service) " \
        "[distribution]: " in out
    assert "Frage 3: Wie heißt unser (erstes) Konto? [@nordlichtenergie]: " in out
    assert "Error: Bitte eins davon: distribution, hybrid, service" in out
    assert "Error: Schreib die Ziele wie „urgent 1 h, normal 4 h“" in out
    assert "Error: Unbekanntes Netzwerk myspace; bekannt sind: bluesky, facebook" in out
    assert "Das Netzwerk bestimmt Zeichengrenzen" in out  # the reason, before the question
    policy = load_yaml(tmp_path / "content" / "policy.yml")
    assert policy["company"]["name"] == "Nordlicht Energie GmbH"
    assert policy["company"]["address_form"] == "Sie"
    assert policy["company"]["website"] == "https://www.nordlichtenergie.example"
    assert policy["strategy"]["channel_role"] == "hybrid"
    assert policy["strategy"]["audience_check"] == {"done": True}
    assert "participation" not in policy["strategy"]
    assert policy["service"]["hours"] == [
        {"days": "mon-fri", "open": "08:00", "close": "18:00"},
        {"days": "sat", "open": "10:00", "close": "14:00"},
    ]
    assert policy["service"]["response_targets"] == [
        {"priority": "urgent", "within": "30 min"}, {"priority": "normal", "within": "4 h"},
    ]
    account = policy["accounts"][0]
    assert (account["handle"], account["network"], account["owner"]) == (
        "@nordlichtenergie", "mastodon", "Mira Schulz"
    )
    assert policy["following"]["follow_back"] is False
    # The hours the account now promises are missing from the preset's bio: init says so.
    assert "warning bio-hours: the bio of @nordlichtenergie" in err
    text = (tmp_path / "content" / "policy.yml").read_text(encoding="utf-8")
    assert above(text, "  response_targets:")[0] == "Wie schnell antworten wir (Reaktionsziele)?"


def test_init_keeps_what_the_preset_says_beyond_a_changed_answer(
    terminal: None, tmp_path: Path
) -> None:
    answers = ["", "", "", "", "", "", "", "urgent 2 h, low 1 d"] + [""] * 12
    code, _, _ = init_project(tmp_path, "--preset", "service", input="\n".join(answers) + "\n")
    assert code == 0
    policy = load_yaml(tmp_path / "content" / "policy.yml")
    assert policy["service"]["response_targets"] == [
        {"priority": "urgent", "within": "2 h", "share": 0.9},
        {"priority": "low", "within": "1 d"},
    ]


def test_init_refuses_an_answer_the_model_refuses(terminal: None, tmp_path: Path) -> None:
    answers = ["Tab\there", "", "Germany", "DE", "", "", "www.example.org", ""] + [""] * 20
    code, out, _ = init_project(tmp_path, "--preset", "b2b", input="\n".join(answers) + "\n")
    assert code == 0
    assert "Error: 'GERMANY' does not fit: ISO 3166 country code, e.g. DE." in out
    assert "Error: a link must start with https://, http:// or mailto:" in out
    assert "Error: Bitte nur Text ohne Steuerzeichen (Tabulator, Zeilenumbruch)." in out
    policy = load_yaml(tmp_path / "content" / "policy.yml")
    assert policy["company"]["country"] == "DE"


def test_init_refuses_to_overwrite_before_asking(terminal: None, tmp_path: Path) -> None:
    policy = tmp_path / "content" / "policy.yml"
    policy.parent.mkdir()
    policy.write_text("company: mine\n", encoding="utf-8")
    code, out, err = init_project(tmp_path, "--language", "en", input="\n" * 30)
    assert (code, out) == (1, "")
    assert err == f"{policy}: exists already; --force overwrites it\n"
    assert policy.read_text(encoding="utf-8") == "company: mine\n"
    code, _, _ = init_project(tmp_path, "--language", "en", "--yes", "--force")
    assert code == 0
    assert "Example Ltd" in policy.read_text(encoding="utf-8")


def test_init_leaves_an_existing_mkdocs_yml_alone(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Ours\n", encoding="utf-8")
    code, _, err = init_project(tmp_path, "--yes", "--force")
    assert code == 0
    assert config.read_text(encoding="utf-8") == "site_name: Ours\n"
    assert f"{config} gibt es schon und nutzt das playbook-Plugin nicht" in err


def test_init_asks_in_a_real_terminal(tmp_path: Path) -> None:
    """Through a pseudo-terminal: the questions come one by one, Enter takes the preset."""
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:  # the child becomes `playbook init` on the terminal
        os.environ.update(subprocess_env())
        os.execv(sys.executable, [sys.executable, "-m", "playbook.cli", "init", str(tmp_path),
                                  "--preset", "small-business", "--language", "en"])
    seen, questions, answered = b"", 0, 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if seen[answered:].rstrip().endswith(b"]:"):
            questions += 1
            os.write(fd, b"\n")
            answered = len(seen)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen.decode()
    assert questions == 18  # all but the German address form
    assert b"Question 1: What role do our channels play? (distribution/hybrid/service) " \
        b"[hybrid]:" in seen
    policy = load_yaml(tmp_path / "content" / "policy.yml")
    assert policy["accounts"][0]["handle"] == "@example"


def test_presets_hold_no_list_item_split_at_a_comma() -> None:
    """A comma inside [a, b] starts a new item; every item of a preset starts like a sentence."""
    for path in (ROOT / "templates" / "presets").glob("*.yml"):
        for item in _list_texts(read_document(path).data):
            assert item[:1].isupper() or item[:1] in "@#$\"", f"{path.name}: {item!r}"


def _list_texts(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for inner in value.values():
            yield from _list_texts(inner)
    elif isinstance(value, list):
        for inner in value:
            if isinstance(inner, str):
                yield inner
            else:
                yield from _list_texts(inner)


TEXT = st.characters(blacklist_categories=("Cc", "Cs"))  # a policy may hold neither


@given(st.dictionaries(
    st.text(TEXT, min_size=1, max_size=12),
    st.one_of(st.text(TEXT, max_size=200), st.lists(st.text(TEXT, max_size=40), max_size=3),
              st.integers(), st.booleans(), st.none()),
    max_size=4,
))
@settings(max_examples=300, deadline=None)
def test_yaml_writer_reads_back_as_written(data: dict) -> None:
    text = yamlwriter.dump({"section": data} if data else {"empty": {}})
    assert read_document_text(text) == ({"section": data} if data else {"empty": {}})


def read_document_text(text: str) -> object:
    from playbook.yamldata import read

    return read(text).data
