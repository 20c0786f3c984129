"""The MkDocs plugin: a thin adapter from MkDocs events to :mod:`playbook.guideline`.

Pages are virtual files (nothing is written into ``docs_dir``); a hand-written page at the same
path wins. Everything is rendered in ``on_config``, before MkDocs touches the site folder, so a
broken policy or template stops the build without leaving a half-written site.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from playbook.errors import PlaybookError
from playbook.guideline import Guideline, generate
from playbook.pages import SECTIONS
from playbook.resources import shipped

log = logging.getLogger("mkdocs.plugins.playbook")


class PlaybookConfig(Config):
    """Options under ``plugins: - playbook:`` in mkdocs.yml."""

    policy = c.File(exists=True, default="content/policy.yml")
    """The policy file, relative to mkdocs.yml."""
    templates = c.Optional(c.Dir(exists=True))
    """A folder of templates searched before the shipped ones (override one, keep the rest)."""
    library = c.Optional(c.Dir(exists=True))
    """A folder with the company's own networks.yml, legal.yml and examples/."""
    sections = c.ListOfItems(c.Choice(SECTIONS), default=list(SECTIONS))
    """Which sections to generate."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Generate the guideline pages from the policy file."""

    def __init__(self) -> None:
        self.guideline: Guideline | None = None
        self.user_nav: Any = None

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Render every page now, and let the theme and search speak the policy's language."""
        try:
            self.guideline = generate(
                Path(self.config.policy),
                template_dirs=self._template_dirs(),
                library_dir=Path(self.config.library) if self.config.library else None,
                sections=tuple(self.config.sections),
            )
        except PlaybookError as error:
            raise PluginError(str(error)) from None
        for finding in self.guideline.findings:
            (log.info if finding.severity == "advice" else log.warning)("%s", finding)
        config.theme["language"] = self.guideline.context.policy.company.language
        self.user_nav = config.nav
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages, unless a hand-written page already sits at that path."""
        assert self.guideline is not None
        policy = Path(self.config.policy).resolve()
        for file in list(files):
            if file.abs_src_path and Path(file.abs_src_path).resolve() == policy:
                files.remove(file)
        for spec in self.guideline.pages:
            if files.get_file_from_path(spec.path) is not None:
                log.debug("playbook: %s is written by hand; not generated", spec.path)
                continue
            inclusion = InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(
                    config, spec.path, content=self.guideline.markdown[spec.path],
                    inclusion=inclusion,
                )
            )
        if self.user_nav is None:
            config.nav = self._nav(files)
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when the policy, the library or a template changes."""
        watched = [Path(self.config.policy), *self._template_dirs(), shipped("templates")]
        watched += [shipped("library"), shipped("examples")]
        if self.config.library:
            watched.append(Path(self.config.library))
        for path in watched:
            if path.exists():
                server.watch(str(path))
        return server

    def _template_dirs(self) -> tuple[Path, ...]:
        return (Path(self.config.templates),) if self.config.templates else ()

    def _nav(self, files: Files) -> list[Any]:
        """Generated pages in their planned order, grouped; the user's other pages after them."""
        assert self.guideline is not None
        t = self.guideline.renderer.t
        nav: list[Any] = []
        groups: dict[str, list[Any]] = {}
        generated = set()
        for spec in self.guideline.pages:
            generated.add(spec.path)
            if not spec.in_nav:
                continue
            title = _nav_title(spec.title) if spec.title else str(t(spec.title_key))
            entry = {title: spec.path}
            if spec.group is None:
                nav.append(entry)
                continue
            if spec.group not in groups:
                groups[spec.group] = []
                nav.append({str(t(f"nav.group.{spec.group}")): groups[spec.group]})
            groups[spec.group].append(entry)
        nav.extend(
            f.src_uri
            for f in files.documentation_pages()
            if f.src_uri not in generated and f.inclusion.is_in_nav()
        )
        return nav


def _nav_title(text: str) -> str:
    """A title from the policy (a handle, a team name) made safe for the navigation.

    Themes print navigation titles as HTML, and Material's ``<title>`` even unescapes them
    (``striptags``), so escaping alone would let ``&lt;/title&gt;`` through: ``&`` is escaped
    and angle brackets become look-alike quotation marks that no browser reads as markup.
    """
    return text.replace("&", "&amp;").replace("<", "\u2039").replace(">", "\u203a")
