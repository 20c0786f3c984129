"""Handles become safe, stable page names, and a build writes nowhere but its site folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ENGLISH, MKDOCS_YML, load_yaml, mkdocs_build, page_text, write_project

from playbook.context import MAX_SLUG, _unique_slugs, slugify

HOSTILE_HANDLES = [
    "../../../outside",
    "/etc/passwd",
    "..",
    ".",
    ".hidden",
    "a/../../b",
    "C:\\Windows\\evil",
    "@Müller Straße",
    "@Müller_Strasse",
    "🎉🚲",
    "🍀",
    "@index",
    "con",
    "@shop",
    "shop-2",
    "shop",
    "@" + "x" * 299,
]


@pytest.mark.parametrize(
    ("handle", "slug"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("@a/b\\c", "a-b-c"),
        (" Müller Straße ", "mueller-strasse"),
        ("Café ☕ Crème", "cafe-creme"),
        (".hidden", "hidden"),
        ("__init__", "init"),
        ("@nordlicht.energie", "nordlicht-energie"),
        ("@nordlicht_hilft", "nordlicht_hilft"),
        ("🎉", ""),
    ],
)
def test_slugify_keeps_letters_digits_dashes_and_underscores(handle: str, slug: str) -> None:
    assert slugify(handle) == slug


def test_a_long_handle_gives_a_short_name() -> None:
    assert len(slugify("@" + "x" * 299)) == MAX_SLUG


def test_every_handle_gets_its_own_name_and_the_same_one_every_time() -> None:
    slugs = _unique_slugs(HOSTILE_HANDLES)
    assert len(set(slugs)) == len(HOSTILE_HANDLES)
    assert slugs == _unique_slugs(list(HOSTILE_HANDLES))
    named = dict(zip(HOSTILE_HANDLES, slugs, strict=True))
    nameless = [named[h] for h in ("..", ".", "🎉🚲", "🍀")]
    assert nameless == ["account", "account-2", "account-3", "account-4"]
    assert named["@index"] == "index-account"  # would replace the account directory
    assert named["con"] == "con-account"  # not a file name on Windows
    assert (named["@shop"], named["shop-2"], named["shop"]) == ("shop", "shop-2", "shop-3")
    assert all(s and s == s.strip("-_") and "/" not in s and "." not in s for s in slugs)


def _tree(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


def test_hostile_handles_write_only_into_the_site_folder_and_lose_no_page(
    tmp_path: Path,
) -> None:
    data = load_yaml(ENGLISH)
    account = data["accounts"][0]
    data["accounts"] = [dict(account, handle=handle) for handle in HOSTILE_HANDLES]
    data["naming"]["examples"] = []
    # Deep inside tmp_path, so that a '../' that escaped would land in a folder we watch.
    project = tmp_path / "a" / "b" / "project"
    config = write_project(
        project, data, mkdocs_yml=MKDOCS_YML.replace("strict: true", "strict: false")
    )
    before = _tree(tmp_path)
    site = mkdocs_build(config)
    assert site == project / "site"
    new = _tree(tmp_path) - before
    assert new and all(p.parts[:4] == ("a", "b", "project", "site") for p in new)
    pages = sorted(site.glob("accounts/*/index.html"))
    assert len(pages) == len(HOSTILE_HANDLES)
    for handle, slug in zip(HOSTILE_HANDLES, _unique_slugs(HOSTILE_HANDLES), strict=True):
        assert page_text(site, f"accounts/{slug}/index.html").startswith(handle.strip())
    assert page_text(site, "accounts/index.html").startswith("Account directory")
