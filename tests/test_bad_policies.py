"""Every mistake in a policy ends in one clear message: file, line, column, field path.

``tests/bad_policies/NAME.yml`` holds one mistake each; ``NAME.expected`` the message after the
file name. Whole-file problems (empty, not a mapping, not UTF-8 at the first byte, too large)
have no field to name. ``bad_policies/accepted/`` holds files that look suspicious but are fine.
Timings are measured by ``scripts/bench_bad_input.py``, not here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import MKDOCS_YML

from playbook.errors import PlaybookError
from playbook.guideline import generate

CORPUS = Path(__file__).parent / "bad_policies"
BAD = sorted(CORPUS.glob("*.yml"))
ACCEPTED = CORPUS / "accepted"


def expected(policy: Path) -> str:
    return policy.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")


def message_for(policy: Path) -> str:
    with pytest.raises(PlaybookError) as caught:
        generate(policy)
    return str(caught.value)


def test_the_corpus_is_complete() -> None:
    assert len(BAD) >= 30
    assert sorted(p.stem for p in CORPUS.glob("*.expected")) == sorted(p.stem for p in BAD)


@pytest.mark.parametrize("policy", BAD, ids=lambda p: p.stem)
def test_bad_policy_gives_one_message_with_its_place(policy: Path) -> None:
    assert message_for(policy) == f"{policy}:{expected(policy)}"


def test_every_message_names_a_field_unless_the_whole_file_is_wrong() -> None:
    whole_file = {"empty", "root-list", "root-string", "encoding-utf16", "syntax-two-documents",
                  "key-is-a-list"}
    for policy in BAD:
        line, column, rest = expected(policy).split(":", 2)
        assert int(line) >= 1 and int(column) >= 1
        field, _, message = rest.strip().partition(": ")
        if policy.stem not in whole_file:
            assert field and " " not in field.replace("' ", "'"), policy.stem
            assert message, policy.stem


def test_the_message_never_replays_control_characters() -> None:
    for name in ("key-with-terminal-escape", "control-character"):
        assert "\x1b" not in message_for(CORPUS / f"{name}.yml")


def _mkdocs_build(policy: Path, project: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    (project / "docs").mkdir(parents=True)
    shutil.copyfile(policy, project / "policy.yml")
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return project, result


# One file of each kind of failure: the plugin turns every PlaybookError the same way, and
# each MkDocs process costs most of a second, so the whole corpus runs in-process above.
THROUGH_MKDOCS = [
    CORPUS / f"{name}.yml"
    for name in (
        "syntax-unclosed-double-quote", "syntax-tab-indent", "encoding-latin1",
        "control-character", "key-with-terminal-escape", "alias-bomb", "deep-nesting",
        "tag-python-object", "empty", "root-list", "type-yes-for-boolean",
        "unknown-key-did-you-mean", "unknown-network", "url-javascript", "number-huge-digits",
    )
]


def test_mkdocs_build_fails_with_the_message_and_no_traceback(tmp_path: Path) -> None:
    """The real command: exit 1, exactly one error line, no terminal escapes, no site."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(
            pool.map(_mkdocs_build, THROUGH_MKDOCS, [tmp_path / p.stem for p in THROUGH_MKDOCS])
        )
    failures = []
    for policy, (project, result) in zip(THROUGH_MKDOCS, runs, strict=True):
        errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
        want = f"{project / 'policy.yml'}:{expected(policy)}"
        if (
            result.returncode != 1
            or "Traceback" in result.stderr
            or "\x1b[2J" in result.stderr
            or len(errors) != 1
            or not errors[0].endswith(want)
            or (project / "site").exists()
        ):
            failures.append(f"{policy.stem}: exit {result.returncode}\n{result.stderr}")
    assert failures == []


def test_a_ten_megabyte_file_is_refused_without_parsing_it(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    filler = "# " + "x" * 1000 + "\n"
    policy.write_text((CORPUS / "accepted" / "yaml-1-1-words.yml").read_text() + filler * 10_500)
    assert policy.stat().st_size > 10_000_000
    assert message_for(policy) == (
        f"{policy}:1:1: the file is 10.5 MB; a policy may be at most 5 MB"
    )


def test_a_text_of_megabytes_is_refused_with_its_length(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    text = (CORPUS / "accepted" / "yaml-1-1-words.yml").read_text(encoding="utf-8")
    policy.write_text(text.replace("    purpose: no", "    purpose: " + "Service " * 500_000))
    assert message_for(policy) == (
        f"{policy}:15:14: accounts.0.purpose: 3,999,999 characters; at most 5,000 fit here"
    )


def test_a_list_of_a_million_entries_is_refused_before_validation(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    text = (CORPUS / "accepted" / "yaml-1-1-words.yml").read_text(encoding="utf-8")
    policy.write_text(text.replace("    - n\n", "    - n\n" + "    - x\n" * 600_000))
    message = message_for(policy)
    assert message.startswith(f"{policy}:")
    assert "strategy.goals" in message and "more than 200,000 values" in message


def test_byte_order_mark_is_accepted() -> None:
    guideline = generate(ACCEPTED / "byte-order-mark.yml")
    assert guideline.context.policy.company.name == "Beispiel Energie GmbH"


def test_yaml_1_1_words_are_read_as_text() -> None:
    """``NO`` is Norway, ``yes``/``on``/``off`` are words, ``08:00`` a time, not 480 minutes."""
    policy = generate(ACCEPTED / "yaml-1-1-words.yml").context.policy
    assert policy.company.country == "NO"
    assert policy.strategy.goals == ["yes", "on", "off", "n"]
    assert policy.accounts[0].purpose == "no"
    assert policy.accounts[0].division == "y"
    assert policy.service is not None
    assert (policy.service.hours[0].open, policy.service.hours[0].close) == ("08:00", "18:00")
