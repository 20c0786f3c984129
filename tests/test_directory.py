"""Many accounts: their pages leave the navigation, and the directory groups them by division.

Every page carries the whole navigation, so listing hundreds of account pages there would make
the build grow with the square of their number. Above ``ACCOUNTS_IN_NAV`` accounts, readers
find an account through the directory (one section per division) and through search.
"""

from __future__ import annotations

import copy
import json
import re
import string
from pathlib import Path

import pytest
from conftest import GERMAN, load_yaml, page_text

from playbook.pages import ACCOUNTS_IN_NAV


def many_accounts(count: int) -> dict:
    """The German example with copies of its news account, some of them without a division."""
    policy = load_yaml(GERMAN)
    news = next(a for a in policy["accounts"] if a["handle"] == "@nordlicht_news")
    for i in range(count - len(policy["accounts"])):
        extra = copy.deepcopy(news)
        letters = string.ascii_lowercase
        extra["handle"] = f"@nordlicht_region{letters[i // 26]}{letters[i % 26]}"
        extra["division"] = "Regionen Nord" if i % 3 else None
        if extra["division"] is None:
            del extra["division"]
        policy["accounts"].append(extra)
    return policy


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import mkdocs_build, write_project

    folder = tmp_path_factory.mktemp("many")
    return mkdocs_build(write_project(folder, many_accounts(ACCOUNTS_IN_NAV + 2)))


def test_the_directory_has_a_section_per_division_and_links_every_account(site: Path) -> None:
    directory = (site / "accounts" / "index.html").read_text(encoding="utf-8")
    headings = [
        re.sub(r'<a class="headerlink".*', "", h).strip()
        for h in re.findall(r"<h2[^>]*>(.*?)</h2>", directory)
    ]
    assert headings == ["Kundenservice", "Marke Nordlicht", "Personal", "Regionen Nord",
                        "Unternehmenskommunikation", "Ohne Bereich", "Namenskonvention",
                        "Beispiele aus der Praxis"]
    text = page_text(site, "accounts/index.html")
    assert text.index("Regionen Nord") < text.index("@nordlicht_regionab") < text.index(
        "Unternehmenskommunikation") < text.index("@nordlicht_news") < text.index(
        "Ohne Bereich") < text.index("@nordlicht_regionaa")
    for page in (site / "accounts").iterdir():
        if page.is_dir():
            assert f'href="{page.name}/"' in directory, page.name


def test_account_pages_are_out_of_the_nav_but_found_by_search(site: Path) -> None:
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "nordlicht_regionaa/" not in start.split('<div class="md-content"')[0]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "accounts/nordlicht_regionaa/" in locations
    assert "accounts/nordlicht_news/" in locations


def test_a_few_accounts_stay_in_the_nav_in_one_table(build_site) -> None:
    site = build_site(GERMAN)
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "accounts/nordlicht_news/" in start.split('<div class="md-content"')[0]
    assert "Ohne Bereich" not in page_text(site, "accounts/index.html")
    assert (site / "accounts" / "index.html").read_text(encoding="utf-8").count("<table>") == 1
