"""The whole pipeline without a site generator: policy file in, Markdown pages out.

The MkDocs plugin, ``playbook export`` and the benchmark all call :func:`generate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from playbook import checks, readiness
from playbook import context as context_module
from playbook.checks import Finding
from playbook.context import Context
from playbook.library import Library, load_library
from playbook.loader import load_policy_document
from playbook.pages import SECTIONS, PageSpec, plan
from playbook.render import Renderer
from playbook.resources import shipped


@dataclass
class Guideline:
    """A rendered guideline: the pages in navigation order and their Markdown."""

    context: Context
    pages: list[PageSpec]
    markdown: dict[str, str]
    renderer: Renderer
    findings: list[Finding] = field(default_factory=list)
    """What the consistency checks found, in file order (the plugin logs them)."""

    def nav(self, other_pages: Iterable[str] = ()) -> list[Any]:
        """The navigation: generated pages in their planned order and groups, then ``other_pages``.

        In MkDocs' ``nav`` shape (``{title: path}`` and ``{group: [...]}``); the plugin uses it
        when mkdocs.yml has no nav, ``playbook export`` writes it into the exported mkdocs.yml.
        """
        t = self.renderer.t
        nav: list[Any] = []
        groups: dict[str, list[Any]] = {}
        for spec in self.pages:
            if not spec.in_nav:
                continue
            title = nav_title(spec.title) if spec.title else str(t(spec.title_key))
            entry = {title: spec.path}
            if spec.group is None:
                nav.append(entry)
                continue
            if spec.group not in groups:
                groups[spec.group] = []
                nav.append({str(t(f"nav.group.{spec.group}")): groups[spec.group]})
            groups[spec.group].append(entry)
        nav.extend(other_pages)
        return nav


def nav_title(text: str) -> str:
    """A title from the policy (a handle, a team name) made safe for the navigation.

    Themes print navigation titles as HTML, and Material's ``<title>`` even unescapes them
    (``striptags``), so escaping alone would let ``&lt;/title&gt;`` through: ``&`` is escaped
    and angle brackets become look-alike quotation marks that no browser reads as markup.
    """
    return text.replace("&", "&amp;").replace("<", "\u2039").replace(">", "\u203a")


def renderer_for(language: str, template_dirs: tuple[Path, ...]) -> Renderer:
    """One environment per language and template folders, reused across rebuilds.

    Jinja notices an edited template by its modification time, but not a template added to a
    folder searched earlier, nor edited wording (the catalog is read once): those change the
    fingerprint and so give a fresh environment.
    """
    return _renderer(language, template_dirs, _fingerprint(template_dirs))


@lru_cache(maxsize=8)
def _renderer(language: str, template_dirs: tuple[Path, ...], fingerprint: object) -> Renderer:
    return Renderer(language, template_dirs)


def _fingerprint(template_dirs: tuple[Path, ...]) -> tuple[tuple[str, float], ...]:
    files = [f for d in template_dirs for f in d.rglob("*") if f.is_file()]
    files += list((shipped("templates") / "i18n").rglob("*.yml"))
    return tuple(sorted((str(f), f.stat().st_mtime) for f in files))


def load(
    policy_path: Path,
    *,
    template_dirs: tuple[Path, ...] = (),
    library_dir: Path | None = None,
) -> tuple[Context, Renderer]:
    """Load and validate the policy and library; derive the template context."""
    library: Library = load_library(library_dir)
    policy, document = load_policy_document(policy_path, library.networks, set(library.examples))
    renderer = renderer_for(policy.company.language, template_dirs)
    ctx = context_module.build(policy, library, renderer)
    ctx.source, ctx.document = str(policy_path), document
    return ctx, renderer


def generate(
    policy_path: Path,
    *,
    template_dirs: tuple[Path, ...] = (),
    library_dir: Path | None = None,
    sections: tuple[str, ...] = SECTIONS,
    today: dt.date | None = None,
) -> Guideline:
    """Render every page; raises :class:`~playbook.errors.PlaybookError` on any user error.

    ``today`` is the day review dates are judged against (default: see
    :func:`playbook.checks.default_today`).
    """
    ctx, renderer = load(policy_path, template_dirs=template_dirs, library_dir=library_dir)
    findings = checks.run(ctx, today=today)
    ctx.extra["findings"] = findings
    ctx.extra["readiness"] = readiness.scorecard(ctx, findings)
    pages = plan(ctx, sections)
    namespace = {**ctx.as_dict(), "page_paths": frozenset(spec.path for spec in pages)}
    markdown = {
        spec.path: renderer.render(spec.template, {**namespace, "page": spec, **spec.extra})
        for spec in pages
    }
    return Guideline(ctx, pages, markdown, renderer, findings)
