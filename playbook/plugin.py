"""The MkDocs plugin: a thin adapter from MkDocs events to :mod:`playbook.guideline`.

Pages are virtual files (nothing is written into ``docs_dir``); a hand-written page at the same
path wins. Everything is rendered in ``on_config``, before MkDocs touches the site folder.

A broken policy or template is a user error, handled by command:

- ``mkdocs build`` (and ``gh-deploy``) fails with the message and exit code 1. MkDocs would
  clean the site folder only after ``on_config``, so the previous site would stay and look
  current; the plugin empties the folder first, as MkDocs itself does at the start of every
  build that is not ``--dirty``. A failed build leaves an empty site folder, never a stale or
  half-written one.
- ``mkdocs serve`` keeps running: it prints the message and serves a page stating it, at the
  start page and at every page the last good build had, so the open browser tab reloads into
  the explanation and back into the guideline on the next good save. MkDocs keeps a plugin
  that defines ``on_startup`` across rebuilds, which is how the last good pages are known.
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
from mkdocs.utils import CountHandler, clean_directory

from playbook import assets, tasklists
from playbook import banner as banner_module
from playbook.errors import PlaybookError
from playbook.guideline import Guideline, generate, renderer_for
from playbook.loader import read_document
from playbook.pages import SECTIONS
from playbook.resources import shipped

log = logging.getLogger("mkdocs.plugins.playbook")

BANNER_SCRIPT = "assets/playbook/banner.js"
"""Where the banner's dismiss script lands in the site (only when a banner can be dismissed)."""


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
        self.command: str | None = None
        self.dirty = False
        self.error_page: str | None = None
        self.last_paths: list[str] = []
        self.last_language = "en"
        self.banner: banner_module.Banner | None = None
        """Read by the theme override (templates/theme/main.html), which escapes its texts."""
        self.changes_url: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember the command; defining this hook keeps the plugin across rebuilds."""
        self.command, self.dirty = command, dirty

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
            if self.command != "serve":
                if self.command is not None and not self.dirty:
                    clean_directory(config.site_dir)
                raise PluginError(str(error)) from None
            return self._serve_error(error, config)
        self.error_page = None
        self.last_paths = [spec.path for spec in self.guideline.pages]
        self.last_language = self.guideline.context.policy.company.language
        for finding in self.guideline.findings:
            (log.info if finding.severity == "advice" else log.warning)("%s", finding)
        config.theme["language"] = self.guideline.context.policy.company.language
        self.user_nav = config.nav
        self._add_browser_files(config)
        if self.config.offline:
            self._keep_offline(config)
        self.banner = banner_module.build(self.guideline.context, self.guideline.renderer)
        if config.theme.name == "material":
            self._add_theme_override(config)
        return config

    def _serve_error(self, error: PlaybookError, config: MkDocsConfig) -> MkDocsConfig:
        """Report the error in the terminal and make it the site, instead of stopping serve."""
        self.guideline = None
        self.banner = None
        lines = str(error).splitlines()
        for line in lines:
            _report(logging.ERROR, line)
        language = _language_of(Path(self.config.policy)) or self.last_language
        renderer = renderer_for(language, self._template_dirs())
        self.error_page = renderer.render("pages/error.md", {"lines": lines})
        config.theme["language"] = language
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

    def _add_theme_override(self, config: MkDocsConfig) -> None:
        """Search playbook's theme templates (the banners) after the company's custom_dir."""
        theme_dir = str(shipped("templates") / "theme")
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        assert self.banner is not None
        if self.banner.acknowledge and BANNER_SCRIPT not in map(str, config.extra_javascript):
            config.extra_javascript.append(BANNER_SCRIPT)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages, unless a hand-written page already sits at that path."""
        policy = Path(self.config.policy).resolve()
        for file in list(files):
            if file.abs_src_path and Path(file.abs_src_path).resolve() == policy:
                files.remove(file)
        if self.error_page is not None:
            return self._error_files(files, config)
        assert self.guideline is not None
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
        changes = files.get_file_from_path(banner_module.CHANGES_PAGE)
        self.changes_url = changes.url if changes is not None else None
        if BANNER_SCRIPT in map(str, config.extra_javascript) and not files.get_file_from_path(
            BANNER_SCRIPT
        ):
            script = shipped("templates") / "scripts" / "banner.js"
            files.append(
                File.generated(config, BANNER_SCRIPT, content=script.read_text(encoding="utf-8"))
            )
        return files

    def _error_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The error page at the start page and wherever the last good build had a page."""
        assert self.error_page is not None
        for path in dict.fromkeys(["index.md", *self.last_paths]):
            if files.get_file_from_path(path) is None:
                inclusion = (
                    InclusionLevel.UNDEFINED if path == "index.md" else InclusionLevel.NOT_IN_NAV
                )
                files.append(
                    File.generated(config, path, content=self.error_page, inclusion=inclusion)
                )
        if self.user_nav is None:
            config.nav = [
                f.src_uri
                for f in files.documentation_pages()
                if f.src_uri == "index.md" or (f.generated_by is None and f.inclusion.is_in_nav())
            ]
        for path, source in assets.site_files().items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, abs_src_path=str(source)))
        return files

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Label task-list checkboxes and hand the checklist script its wording.

        A generated page's title also becomes its ``meta.title``: Material prints
        ``page.title`` through ``striptags`` in ``<title>``, which unescapes it, so a title
        taken from a heading with ``&lt;/title&gt;`` in it would close the tag; ``meta.title``
        is printed as it is.
        """
        if (
            page.file.generated_by is not None and not page.is_homepage
            and "title" not in page.meta and page.title
        ):
            page.meta["title"] = page.title
        if self.guideline is None:
            return html
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


def _report(level: int, message: str) -> None:
    """Log through MkDocs' handlers, but not its strict-mode counter.

    During ``serve`` a policy error is shown on the site; counted, it would make a ``strict``
    rebuild abort, and MkDocs would then leave the browser on the old page ("the server will
    appear stuck").
    """
    record = log.makeRecord(log.name, level, __file__, 0, message, (), None)
    for handler in logging.getLogger("mkdocs").handlers:
        if not isinstance(handler, CountHandler) and level >= handler.level:
            handler.handle(record)


def _language_of(policy: Path) -> str | None:
    """The policy's language if the file can at least be read, for the error page's wording."""
    try:
        data = read_document(policy).data
        language = data["company"]["language"]
    except (PlaybookError, KeyError, TypeError):
        return None
    return language if language in ("de", "en") else None
