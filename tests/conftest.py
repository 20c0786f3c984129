"""Shared fixtures: real MkDocs builds of real policies in temporary folders."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Review dates are judged against "today"; pin it (2026-11-23) so the examples' checks, and
# every strict build of them, give the same result whenever the suite runs.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1795392000")

ROOT = Path(__file__).resolve().parent.parent
GERMAN = ROOT / "content" / "policy.yml"
ENGLISH = ROOT / "content" / "small-firm" / "policy.yml"

MKDOCS_YML = """\
site_name: Test guideline
docs_dir: docs
strict: true
theme:
  name: material
  font: false
plugins:
  - search
  - playbook:
      policy: policy.yml
markdown_extensions:
  - admonition
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.tasklist:
      custom_checkbox: true
"""


def load_yaml(path: Path) -> dict:
    """A policy as plain data, for tests that change one answer."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_project(folder: Path, policy: dict | str | Path, *, mkdocs_yml: str = MKDOCS_YML) -> Path:
    """A minimal MkDocs project around ``policy``; returns the mkdocs.yml path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "docs").mkdir(exist_ok=True)
    if isinstance(policy, Path):
        shutil.copy(policy, folder / "policy.yml")
    elif isinstance(policy, str):
        (folder / "policy.yml").write_text(policy, encoding="utf-8")
    else:
        (folder / "policy.yml").write_text(
            yaml.safe_dump(policy, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    (folder / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    return folder / "mkdocs.yml"


def strings(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in policy data, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def set_at(data: Any, path: tuple[Any, ...], value: Any) -> None:
    """Replace the value at ``path`` in policy data."""
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@cache
def _shipped_library() -> Any:
    from playbook.library import load_library

    return load_library()


def is_valid_policy(data: dict[str, Any]) -> bool:
    """Whether the loader would accept ``data``: the model, and what it refers to."""
    from pydantic import ValidationError

    from playbook.model import Policy, reference_problems

    library = _shipped_library()
    try:
        policy = Policy.model_validate(data)
    except ValidationError:
        return False
    known = {**library.networks, **policy.networks}
    return not reference_problems(policy, known, set(library.examples))


def mkdocs_build(config_file: Path) -> Path:
    """Build with real MkDocs in this process; returns the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., Path]:
    """Build a site from a policy (dict, YAML text or file) and return its site folder."""
    counter = iter(range(1000))

    def _build(policy: dict | str | Path, **kwargs: str) -> Path:
        return mkdocs_build(write_project(tmp_path / f"project{next(counter)}", policy, **kwargs))

    return _build


def page_text(site: Path, page: str) -> str:
    """The visible text of a built page's article, whitespace folded."""
    import html
    import re

    source = (site / page).read_text(encoding="utf-8")
    match = re.search(r"<article.*?</article>", source, re.S)
    assert match, f"{page} has no article"
    text = re.sub(r"<[^>]+>", " ", match.group(0))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
