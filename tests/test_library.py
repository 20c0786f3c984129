"""The example library as shipped, and a company's own library folder on top of it."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import GERMAN, load_yaml

from playbook.cli import main
from playbook.errors import PlaybookError
from playbook.guideline import load
from playbook.library import load_library
from playbook.model import LibraryExample
from playbook.resources import shipped

TOPICS = set(typing.get_args(typing.get_args(LibraryExample.model_fields["topics"].annotation)[0]))

# The cases the domain notes (and issue 3) name; each must be in the shipped library.
REAL_CASES = {
    "comcast", "dell", "southwest", "telekom-hilft", "prosieben", "bank-of-america",
    "deutsche-bahn", "starbucks", "jetblue", "zappos", "t-mobile-g1", "newsrooms", "mymuesli",
    "namics", "microsoft",
}

OWN_EXAMPLE = {
    "id": "own",
    "who": "Nordlicht Energie",
    "topics": ["crisis"],
    "title": {"de": "Sturmnacht ohne Funkstille", "en": "A storm night without silence"},
    "story": {
        "de": "Im Herbststurm meldete das Serviceteam stündlich den Stand der Reparaturen.",
        "en": "During the autumn storm the service team posted repair progress every hour.",
    },
    "lesson": {
        "de": "Regelmäßige Meldungen nehmen Druck aus dem Posteingang.",
        "en": "Regular updates take pressure off the inbox.",
    },
}


def write_example(folder: Path, name: str, data: dict | str) -> Path:
    """One example file in a company library folder; returns its path."""
    path = folder / "examples" / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped_examples() -> dict[str, LibraryExample]:
    return load_library().examples


def test_every_shipped_file_validates_and_its_id_is_its_file_name(
    shipped_examples: dict[str, LibraryExample],
) -> None:
    files = sorted(shipped("examples").glob("*.yml"))
    assert [f.stem for f in files] == sorted(shipped_examples)
    for name, example in shipped_examples.items():
        assert example.id == name


def test_every_real_case_from_the_domain_notes_is_in_the_library(
    shipped_examples: dict[str, LibraryExample],
) -> None:
    assert set(shipped_examples) >= REAL_CASES


def test_every_case_is_told_in_german_and_english(
    shipped_examples: dict[str, LibraryExample],
) -> None:
    for example in shipped_examples.values():
        for field in ("title", "story", "lesson"):
            texts = getattr(example, field)
            assert set(texts) == {"de", "en"}, (example.id, field)
            assert texts["de"] != texts["en"], f"{example.id}.{field}: German is a copy of English"
        # German text is written with real umlauts and sharp s, not ae/oe/ue/ss stand-ins.
        german = " ".join([example.title["de"], example.story["de"], example.lesson["de"]])
        for stand_in in ("fuer ", "ueber ", "koennen", "moeglich", "gross "):
            assert stand_in not in german.lower(), (example.id, stand_in)


def test_every_topic_has_at_least_one_example(
    shipped_examples: dict[str, LibraryExample],
) -> None:
    covered = {topic for example in shipped_examples.values() for topic in example.topics}
    assert covered == TOPICS


def test_every_channel_role_has_examples_that_suit_it(
    shipped_examples: dict[str, LibraryExample],
) -> None:
    """A distribution-only company must not get an empty example page, nor a service team."""
    for role in ("distribution", "hybrid", "service"):
        suiting = [e for e in shipped_examples.values() if not e.roles or role in e.roles]
        assert len(suiting) >= 5, role


def test_a_company_example_is_added_and_one_with_a_built_in_id_replaces_it(
    tmp_path: Path, shipped_examples: dict[str, LibraryExample]
) -> None:
    write_example(tmp_path, "own", OWN_EXAMPLE)
    write_example(tmp_path, "comcast", {**OWN_EXAMPLE, "id": "comcast", "who": "Our Comcast"})

    library = load_library(tmp_path)

    assert set(library.examples) == set(shipped_examples) | {"own"}
    assert library.examples["own"].title["de"] == "Sturmnacht ohne Funkstille"
    assert library.examples["comcast"].who == "Our Comcast"
    assert library.examples["dell"] == shipped_examples["dell"]
    assert library.sources[-1] == tmp_path


def test_the_site_context_shows_own_examples_and_hides_switched_off_ones(tmp_path: Path) -> None:
    write_example(tmp_path / "library", "own", OWN_EXAMPLE)
    policy = load_yaml(GERMAN)
    policy["examples"] = {"disabled": ["comcast", "zappos"]}
    policy_file = tmp_path / "policy.yml"
    policy_file.write_text(yaml.safe_dump(policy, allow_unicode=True), encoding="utf-8")

    ctx, _ = load(policy_file, library_dir=tmp_path / "library")

    ids = [example.id for example in ctx.examples]
    assert "own" in ids and "dell" in ids
    assert "comcast" not in ids and "zappos" not in ids


def test_an_invalid_example_is_reported_with_file_line_and_column(tmp_path: Path) -> None:
    path = write_example(
        tmp_path, "own",
        "id: own\n"
        "who: Nordlicht\n"
        "topics: [servcie]\n"
        "title: {de: Titel, en: Title}\n"
        "story: {de: Geschichte, en: Story}\n"
        "lesson: {de: Lehre, en: Lesson}\n",
    )

    with pytest.raises(PlaybookError) as caught:
        load_library(tmp_path)

    assert str(caught.value) == (
        f"{path}:3:10: topics.0: 'servcie' is not allowed; use 'service', "
        "'distribution', 'following', 'branding', 'listening', 'crisis', 'multi-account' "
        "or 'employee-voice'"
    )


def test_an_example_whose_id_differs_from_its_file_name_is_refused(tmp_path: Path) -> None:
    """Otherwise two files with one id would silently shadow each other."""
    path = write_example(
        tmp_path, "storm-night",
        "who: Nordlicht\n"
        "id: comcast\n"
        "topics: [crisis]\n"
        "title: {de: Titel, en: Title}\n"
        "story: {de: Geschichte, en: Story}\n"
        "lesson: {de: Lehre, en: Lesson}\n",
    )

    with pytest.raises(PlaybookError) as caught:
        load_library(tmp_path)

    assert str(caught.value) == (
        f"{path}:2:5: id: 'comcast' must match the file name; rename the file to "
        "'comcast.yml' or set 'id: storm-night'"
    )


def test_the_cli_names_a_broken_company_example_in_one_line(tmp_path: Path) -> None:
    path = write_example(tmp_path / "library", "own", {**OWN_EXAMPLE, "roles": ["support"]})

    result = CliRunner().invoke(
        main, ["check", str(GERMAN), "--library", str(tmp_path / "library")]
    )

    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{path}:")
    assert "roles.0: 'support' is not allowed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_company_networks_file_overrides_one_network_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    built_in = load_library().networks
    (tmp_path / "networks.yml").write_text(
        "x:\n  name: X\n  text_limit: 25000\n  bio_limit: 160\n  private_messages: false\n",
        encoding="utf-8",
    )

    networks = load_library(tmp_path).networks

    assert set(networks) == set(built_in)
    assert (networks["x"].name, networks["x"].text_limit, networks["x"].private_messages) == (
        "X", 25000, False,
    )
    assert {k: v for k, v in networks.items() if k != "x"} == {
        k: v for k, v in built_in.items() if k != "x"
    }


def test_a_company_network_is_usable_in_the_policy(tmp_path: Path) -> None:
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "networks.yml").write_text(
        "xing:\n  name: XING\n  bio_limit: 140\n  private_messages: true\n", encoding="utf-8"
    )
    policy = load_yaml(GERMAN)
    policy["accounts"][0]["network"] = "xing"
    policy_file = tmp_path / "policy.yml"
    policy_file.write_text(yaml.safe_dump(policy, allow_unicode=True), encoding="utf-8")

    ctx, _ = load(policy_file, library_dir=tmp_path / "library")

    assert ctx.accounts[0].network.name == "XING"
    with pytest.raises(PlaybookError, match=r"accounts\.0\.network: unknown network 'xing'"):
        load(policy_file)
