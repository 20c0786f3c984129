"""Templates are compiled once: reused across rebuilds in a session, cached on disk between
runs, and never stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import GERMAN, ROOT, write_project
from mkdocs.commands.build import build
from mkdocs.config import load_config

RENDER = """
import sys
from pathlib import Path
from playbook.guideline import generate
guideline = generate(Path(sys.argv[1]), template_dirs=(Path(sys.argv[2]),))
print(guideline.markdown["strategy.md"])
"""


def render_strategy(own: Path, cache: str) -> str:
    """The strategy page, rendered by a fresh process as a cold `mkdocs build` would."""
    result = subprocess.run(
        [sys.executable, "-c", RENDER, str(GERMAN), str(own)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PLAYBOOK_CACHE_DIR": cache},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_an_edited_template_is_compiled_afresh(tmp_path: Path) -> None:
    own, cache = tmp_path / "templates", tmp_path / "cache"
    (own / "pages").mkdir(parents=True)
    template = own / "pages" / "strategy.md"
    template.write_text("# Kurs\n\n{{ company.name }} fährt hybrid.\n")
    assert "Nordlicht Energie GmbH fährt hybrid." in render_strategy(own, str(cache))
    assert list((cache / "templates").iterdir()), "the first run fills the cache"

    template.write_text("# Kurs\n\n{{ company.name }} bleibt im Gespräch.\n")
    page = render_strategy(own, str(cache))
    assert "bleibt im Gespräch" in page
    assert "fährt hybrid" not in page


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    own, cache = tmp_path / "templates", tmp_path / "cache"
    (own / "pages").mkdir(parents=True)
    (own / "pages" / "strategy.md").write_text("# Kurs\n\n{{ company.name }} fährt hybrid.\n")
    render_strategy(own, str(cache))
    for entry in (cache / "templates").iterdir():
        data = entry.read_bytes()  # Jinja's header and the source checksum intact, code cut off
        entry.write_bytes(data[: len(data) // 2])
    assert "Nordlicht Energie GmbH fährt hybrid." in render_strategy(own, str(cache))


def test_an_empty_cache_dir_switches_the_cache_off(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    (own / "pages").mkdir(parents=True)
    (own / "pages" / "strategy.md").write_text("# Kurs\n\n{{ company.name }} fährt hybrid.\n")
    home = tmp_path / "home"
    result = subprocess.run(
        [sys.executable, "-c", RENDER, str(GERMAN), str(own)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PLAYBOOK_CACHE_DIR": "",
             "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")},
    )
    assert result.returncode == 0, result.stderr
    assert "fährt hybrid" in result.stdout
    assert not home.exists()


def test_rebuilds_in_one_session_reuse_the_environment_and_compiled_templates(
    tmp_path: Path,
) -> None:
    """As in `mkdocs serve`: every rebuild loads the config afresh (a new plugin instance)."""
    config_file = write_project(tmp_path / "project", GERMAN)
    policy = tmp_path / "project" / "policy.yml"

    def rebuild() -> tuple[object, object, str]:
        config = load_config(str(config_file))
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        guideline = config.plugins["playbook"].guideline
        template = guideline.renderer.env.get_template("pages/account.md")
        return guideline.renderer, template, guideline.markdown["accounts/nordlicht_news.md"]

    renderer, template, page = rebuild()
    policy.write_text(policy.read_text().replace("Katrin Albers", "Karla Albers"))
    renderer_again, template_again, page_again = rebuild()
    assert "Karla Albers" in page_again and "Karla Albers" not in page
    assert renderer_again is renderer
    assert template_again is template
