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

from playbook import assets, tasklists
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
    offline = c.Type(bool, default=True)
    """Keep every request on the site's own host: the theme's web fonts are switched off and
    anything else that would load from elsewhere is reported as a warning."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Generate the guideline pages from the policy file."""

    def __init__(self) -> None:
        self.guideline: Guideline | None = None
        self.user_nav: Any = None
        self.foreign: dict[str, list[str]] = {}

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
        self._add_browser_files(config)
        if self.config.offline:
            self._keep_offline(config)
        return config

    def _add_browser_files(self, config: MkDocsConfig) -> None:
        """The checklist script and styles and the self-hosted Mermaid, after the user's own."""
        scripts = [str(s) for s in config.extra_javascript]
        for name in assets.SCRIPTS:
            if f"{assets.SITE_FOLDER}/{name}" not in scripts:
                config.extra_javascript.append(f"{assets.SITE_FOLDER}/{name}")
        for name in assets.STYLES:
            if f"{assets.SITE_FOLDER}/{name}" not in config.extra_css:
                config.extra_css.append(f"{assets.SITE_FOLDER}/{name}")

    def _keep_offline(self, config: MkDocsConfig) -> None:
        """Switch off Google Fonts (system fonts instead) and warn about other remote loads.

        Material's default font is switched off quietly; a font the site chose on purpose is
        switched off with a warning, so ``--strict`` makes the author decide (``font: false``,
        or ``offline: false`` for a site on the open internet).
        """
        self.foreign = {}
        font = config.theme.get("font")
        if assets.font_is_remote(font):
            config.theme["font"] = False
            if font != assets.MATERIAL_DEFAULT_FONT:
                log.warning(
                    "playbook: theme.font %s would be loaded from Google Fonts; the site uses "
                    "system fonts instead (set font: false, or offline: false)", font,
                )
        for problem in assets.remote_settings(
            extra=config.extra, repo_url=config.repo_url, markdown_configs=config.mdx_configs
        ):
            log.warning("playbook: %s, but the site must not load anything from another host "
                        "(offline: false allows it)", problem)

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
        for path, source in assets.site_files().items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, abs_src_path=str(source)))
        return files

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Label task-list checkboxes and hand the checklist script its wording."""
        assert self.guideline is not None
        t = self.guideline.renderer.t
        return tasklists.mark_checklists(
            html, page_key=page.url, progress=str(t("tasklist.progress")),
            reset=str(t("tasklist.reset")),
        )

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        """Note what a finished page would load from another host (reported after the build)."""
        if self.config.offline:
            for address in assets.foreign_resources(output):
                self.foreign.setdefault(address, []).append(page.file.src_uri)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """One warning per foreign address, naming the pages that load it."""
        for address, pages in sorted(self.foreign.items()):
            shown = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
            log.warning("playbook: %s loads %s from another host", shown, address)

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
        generated = {spec.path for spec in self.guideline.pages}
        return self.guideline.nav(
            f.src_uri
            for f in files.documentation_pages()
            if f.src_uri not in generated and f.inclusion.is_in_nav()
        )
