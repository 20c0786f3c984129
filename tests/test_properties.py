"""Property tests: random valid policies always build; random damage ends in a clear message.

Valid policies are drawn from the two examples: optional sections and account fields left out,
accounts dropped, and every prose field given random text (any letters, digits, punctuation and
symbols, Markdown and HTML characters included). Damaged policies are the examples' YAML text
with random edits a hurried author makes: lines deleted, repeated, swapped or re-indented,
values replaced, characters inserted, the file cut short. Each ends either in pages or in a
:class:`PlaybookError` whose every line reads ``file:line:column: ...``; anything else (a
traceback) fails the test with the policy that caused it.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    ENGLISH,
    GERMAN,
    MKDOCS_YML,
    is_valid_policy,
    mkdocs_build,
    set_at,
    strings,
    write_project,
)
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from playbook import yamldata, yamlwriter
from playbook.errors import PlaybookError
from playbook.guideline import generate
from playbook.model import Account, Policy

EXAMPLES = {"de": GERMAN, "en": ENGLISH}
MARKER = "Ab 12 *x* & <y> [z](#q) {w}"
"""Stands in for random text when finding the prose fields: punctuation, Markdown and HTML."""

PROSE = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S", "Zs"), codec="utf-8"),
    min_size=1,
    max_size=len(MARKER),
).filter(lambda text: text.strip() != "")


@cache
def example_text(language: str) -> str:
    return EXAMPLES[language].read_text(encoding="utf-8")


@cache
def _example(language: str) -> dict[str, Any]:
    return yamldata.read(example_text(language)).data


def example(language: str) -> dict[str, Any]:
    """A fresh copy of an example as the policy reader gives it (YAML 1.2: dates stay text)."""
    return copy.deepcopy(_example(language))


@cache
def prose_paths(language: str) -> tuple[tuple[Any, ...], ...]:
    """The string fields of an example that take any text (no choice, pattern or format)."""
    data = example(language)
    found = []
    for path, _ in strings(data):
        trial = copy.deepcopy(data)
        set_at(trial, path, MARKER)
        if is_valid_policy(trial):
            found.append(path)
    return tuple(found)


OPTIONAL_SECTIONS = [name for name, f in Policy.model_fields.items() if not f.is_required()]
OPTIONAL_ACCOUNT_FIELDS = [name for name, f in Account.model_fields.items() if not f.is_required()]


@st.composite
def valid_policies(draw: st.DrawFn) -> dict[str, Any]:
    language = draw(st.sampled_from(sorted(EXAMPLES)))
    data = example(language)
    for path in prose_paths(language):
        if draw(st.booleans()):
            set_at(data, path, draw(PROSE))
    for section in draw(st.sets(st.sampled_from(OPTIONAL_SECTIONS))):
        data.pop(section, None)
    accounts = data["accounts"]
    keep = draw(st.lists(st.sampled_from(range(len(accounts))), min_size=1, unique=True))
    data["accounts"] = [accounts[i] for i in sorted(keep)]
    for account in data["accounts"]:
        for name in draw(st.sets(st.sampled_from(OPTIONAL_ACCOUNT_FIELDS), max_size=4)):
            account.pop(name, None)
    handles = {a["handle"] for a in data["accounts"]}
    for member in data.get("team", []):
        if member.get("accounts"):
            member["accounts"] = [h for h in member["accounts"] if h in handles] or [min(handles)]
    for team in data.get("service", {}).get("staffing", []):
        team["accounts"] = [h for h in team.get("accounts", []) if h in handles]
    return data


LENIENT = MKDOCS_YML.replace("strict: true", "strict: false")


def _html(markdown_path: str) -> str:
    stem = markdown_path.removesuffix(".md")
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=valid_policies())
def test_random_valid_policies_always_build(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any]
) -> None:
    if not is_valid_policy(data):
        reject()  # leaving a section out can leave a reference dangling: not a valid policy
    folder = tmp_path_factory.mktemp("valid")
    # playbook's own writer: PyYAML's would leave text such as "1e3" unquoted (a number here)
    site = mkdocs_build(write_project(folder, yamlwriter.dump(data), mkdocs_yml=LENIENT))
    planned = [spec.path for spec in generate(folder / "policy.yml").pages]
    assert "index.md" in planned
    missing = [path for path in planned if not (site / _html(path)).is_file()]
    assert not missing, missing


TOKENS = [
    "", "[", "{", "- x", "yes", "NO", "on", "-1", "0", "1e999", "~", "null", "&a", "*a",
    "!!python/object/apply:os.system ['true']", "'unclosed", '"unclosed', "\t", "25:99",
    "mon-xyz", "javascript:alert(1)", "{a: 1}", "[1, 2]", "<script>x</script>", "2026-02-30",
    "Europe/Nowhere", "30 years", ":", "- - -", "? x", "|", ">", "@x", "%TAG", "\\x00",
]


@st.composite
def damaged_texts(draw: st.DrawFn) -> str:
    lines = example_text(draw(st.sampled_from(sorted(EXAMPLES)))).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(
            ["delete", "repeat", "swap", "indent", "dedent", "value", "insert", "cut"]
        ))
        if edit == "delete":
            del lines[i]
        elif edit == "repeat":
            lines.insert(i, lines[i])
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + lines[i]
        elif edit == "dedent":
            lines[i] = lines[i][draw(st.integers(1, 4)):]
        elif edit == "value":
            key, colon, _ = lines[i].partition(": ")
            token = draw(st.sampled_from(TOKENS) | PROSE)
            lines[i] = f"{key}{colon or ': '}{token}"
        elif edit == "insert":
            at = draw(st.integers(0, len(lines[i])))
            character = draw(st.sampled_from([":", "'", '"', "#", "\t", "-", "&", "*", "!"]))
            lines[i] = lines[i][:at] + character + lines[i][at:]
        else:
            lines = lines[: i + 1]
        if not lines:
            break
    return "\n".join(lines) + "\n"


def _check_message(error: PlaybookError, policy: Path) -> None:
    lines = str(error).splitlines()
    assert lines, "an empty message"
    for line in lines:
        assert re.match(rf"^{re.escape(str(policy))}:\d+:\d+: \S", line), line


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=damaged_texts())
def test_damaged_policies_build_or_give_a_clear_message(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    policy = tmp_path_factory.mktemp("damaged") / "policy.yml"
    policy.write_text(text, encoding="utf-8")
    try:
        guideline = generate(policy)
    except PlaybookError as error:
        _check_message(error, policy)
    else:
        assert guideline.markdown["index.md"].strip()
