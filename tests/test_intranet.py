"""The site works on an intranet: nothing from other hosts, checklists marked up for the browser.

What only a browser can show is in tests/browser/; these tests read the built HTML.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from conftest import ENGLISH, GERMAN, MKDOCS_YML, mkdocs_build, write_project
from mkdocs.exceptions import Abort

from playbook import assets
from playbook.resources import shipped

NO_FONT_LINE = MKDOCS_YML.replace("  font: false\n", "")

CHECKLIST_PAGE = """\
# Shift

## Before the shift

- [ ] Open the *inbox* with [the tool](https://tool.example)
- [x] Read the handover
    - [ ] Note open escalations

Some text.

- [ ] A second list under the same heading

## After

- Plain list
    - [ ] a task list inside a plain list
"""


def build(
    tmp_path: Path, mkdocs_yml: str = MKDOCS_YML, policy: Path = ENGLISH, **pages: str
) -> Path:
    config = write_project(tmp_path / "project", policy, mkdocs_yml=mkdocs_yml)
    for name, text in pages.items():
        (config.parent / "docs" / name).write_text(text, encoding="utf-8")
    return mkdocs_build(config)


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def every_page(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html")))


def test_material_default_font_is_replaced_by_system_fonts_quietly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = build(tmp_path, NO_FONT_LINE)
    html = every_page(site)
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    assert not warnings(caplog)


def test_a_chosen_web_font_is_refused_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    chosen = NO_FONT_LINE.replace(
        "  name: material\n", "  name: material\n  font:\n    text: Inter\n"
    )
    with pytest.raises(Abort):
        build(tmp_path, chosen)
    (message,) = warnings(caplog)
    assert "theme.font" in message and "Inter" in message and "Google Fonts" in message
    assert "offline: false" in message


def test_offline_false_leaves_the_theme_alone(tmp_path: Path) -> None:
    online = NO_FONT_LINE.replace(
        "      policy: policy.yml\n", "      policy: policy.yml\n      offline: false\n"
    )
    site = build(tmp_path, online)
    assert "fonts.googleapis.com" in (site / "index.html").read_text(encoding="utf-8")


def test_a_stylesheet_on_another_host_fails_a_strict_build_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    remote = MKDOCS_YML + "extra_css:\n  - https://cdn.example/brand.css\n"
    with pytest.raises(Abort):
        build(tmp_path, remote)
    (message,) = warnings(caplog)
    assert "https://cdn.example/brand.css" in message
    assert "index.md" in message and "more" in message  # one warning for all pages


def test_an_image_on_another_host_in_a_hand_written_page_is_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(Abort):
        build(tmp_path, **{"team.md": "# Team\n\n![us](https://images.example/team.png)\n"})
    (message,) = warnings(caplog)
    assert message == "playbook: team.md loads https://images.example/team.png from another host"


def test_settings_that_fetch_at_run_time_are_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fetching = MKDOCS_YML + "repo_url: https://github.com/example/guideline\n"
    with pytest.raises(Abort):
        build(tmp_path, fetching)
    (message,) = warnings(caplog)
    assert "repo_url https://github.com/example/guideline" in message


def test_links_to_other_hosts_are_fine(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    build(tmp_path, **{"links.md": "# Links\n\n[Our shop](https://shop.example)\n"})
    assert not warnings(caplog)


def test_mermaid_and_the_checklist_script_ship_with_the_site(tmp_path: Path) -> None:
    site = build(tmp_path)
    folder = site / assets.SITE_FOLDER
    mermaid = (folder / "mermaid" / "mermaid.min.js").read_text(encoding="utf-8")
    assert f'version:"{assets.MERMAID_VERSION}"' in mermaid
    assert "MIT License" in (folder / "mermaid" / "LICENSE").read_text(encoding="utf-8")
    page = (site / "index.html").read_text(encoding="utf-8")
    for name in assets.SCRIPTS:
        assert f'<script src="{assets.SITE_FOLDER}/{name}"></script>' in page
    assert f'href="{assets.SITE_FOLDER}/playbook.css"' in page


def test_a_file_the_company_wrote_at_the_same_path_wins(tmp_path: Path) -> None:
    config = write_project(tmp_path / "project", ENGLISH)
    own = config.parent / "docs" / assets.SITE_FOLDER / "playbook.css"
    own.parent.mkdir(parents=True)
    own.write_text("/* ours */\n", encoding="utf-8")
    site = mkdocs_build(config)
    assert (site / assets.SITE_FOLDER / "playbook.css").read_text() == "/* ours */\n"


def test_task_list_checkboxes_are_labelled_by_their_text(tmp_path: Path) -> None:
    site = build(tmp_path, **{"shift.md": CHECKLIST_PAGE})
    html = (site / "shift" / "index.html").read_text(encoding="utf-8")
    labels = re.findall(r'<label class="task-list-control">(.*?)</label>', html, re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", "", label).split()) for label in labels]
    assert texts == [
        "Open the inbox with the tool",
        "Read the handover",
        "Note open escalations",
        "A second list under the same heading",
        "a task list inside a plain list",
    ]
    assert all("<input" in label for label in labels)


def test_each_outermost_checklist_gets_a_stable_key_and_the_wording(tmp_path: Path) -> None:
    site = build(tmp_path, **{"shift.md": CHECKLIST_PAGE})
    html = (site / "shift" / "index.html").read_text(encoding="utf-8")
    marked = re.findall(r"<ul [^>]*data-playbook-checklist[^>]*>", html)
    keys = [re.search(r'data-playbook-checklist="([^"]*)"', m).group(1) for m in marked]
    assert keys == ["shift/#before-the-shift", "shift/#before-the-shift-2", "shift/#after"]
    assert all('data-playbook-progress="{done} of {total} done"' in m for m in marked)
    assert all('data-playbook-reset="Reset checklist"' in m for m in marked)
    assert html.count('<ul class="task-list">') == 1  # the nested one is part of its checklist


def test_checklist_wording_comes_from_the_site_language(tmp_path: Path) -> None:
    site = build(tmp_path, policy=GERMAN, **{"schicht.md": CHECKLIST_PAGE})
    html = (site / "schicht" / "index.html").read_text(encoding="utf-8")
    assert 'data-playbook-progress="{done} von {total} erledigt"' in html


def test_foreign_resources_reads_what_a_page_would_load() -> None:
    page = """
      <link rel="stylesheet" href="https://fonts.example/a.css">
      <link rel="canonical" href="https://intranet.example/x/">
      <link rel="icon" href="assets/icon.svg">
      <script src="//cdn.example/x.js"></script>
      <img srcset="small.png 1x, https://img.example/big.png 2x" src="small.png">
      <a href="https://elsewhere.example/">a link</a>
      <div style="background: url('https://img.example/bg.png')"></div>
    """
    assert assets.foreign_resources(page) == [
        "https://fonts.example/a.css",
        "//cdn.example/x.js",
        "https://img.example/big.png",
        "https://img.example/bg.png",
    ]


def test_the_wheel_ships_the_browser_files() -> None:
    for source in assets.site_files().values():
        assert source.is_file(), source
        assert source.is_relative_to(shipped("templates"))  # force-included into the wheel
