"""``playbook export``: the guideline as a plain MkDocs project, without the playbook plugin.

The folder holds ``docs/`` (the generated Markdown pages, then the company's own docs files,
which win at the same path as they do in the plugin, and the browser files the plugin would
add: self-hosted Mermaid, checklist script and styles) and an ``mkdocs.yml`` with the
project's theme and Markdown extensions, an explicit nav from the page plan, those scripts and
styles, and no playbook plugin. What the plugin does to finished HTML (labelling checklist
boxes for the checklist script) needs the plugin, so exported checklists stay plain lists. So
the guideline can be reviewed as Markdown, kept in another repository, or built by another
site generator that reads mkdocs.yml (Zensical, Material for MkDocs' successor).

Reading mkdocs.yml does not need MkDocs: it is YAML, and tags such as ``!ENV`` or
``!!python/name:`` are carried over unchanged.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from playbook import assets
from playbook.errors import PlaybookError
from playbook.guideline import Guideline, generate
from playbook.pages import SECTIONS

PLUGIN = "playbook"
DOCS = "docs"
DROPPED = ("hooks", "watch")
"""Settings naming files next to the original mkdocs.yml that the export does not carry."""


@dataclass(frozen=True)
class Tagged:
    """A tagged YAML node of mkdocs.yml (``!ENV [X]``, ``!!python/name:x``), kept as written."""

    tag: str
    value: Any


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading, except that unknown tags become :class:`Tagged` instead of errors."""


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, loader.construct_scalar(node))  # type: ignore[arg-type]


_ConfigLoader.add_multi_constructor("", _tagged)


class _ConfigDumper(yaml.SafeDumper):
    """Writes :class:`Tagged` back with its tag."""


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigDumper.add_representer(Tagged, _represent_tagged)


@dataclass
class Project:
    """What export needs from a project's mkdocs.yml."""

    config_file: Path
    config: dict[str, Any]
    docs_dir: Path
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The folder mkdocs.yml is in; MkDocs resolves relative paths against it."""
        return self.config_file.parent

    def path(self, option: str, default: str | None = None) -> Path | None:
        """A path option of the playbook plugin, resolved as MkDocs resolves it."""
        value = self.options.get(option, default)
        return None if value is None else self.root / str(value)


def read_project(config_file: Path) -> Project:
    """Read mkdocs.yml and the playbook plugin's options in it."""
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PlaybookError(f"{config_file}: file not found; run `playbook init` first") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PlaybookError(f"{config_file}: cannot read: {error}") from None
    try:
        config = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader: builds no objects
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{config_file}:{mark.line + 1}:{mark.column + 1}" if mark else str(config_file)
        problem = getattr(error, "problem", None) or error
        raise PlaybookError(f"{where}: not valid YAML: {problem}") from None
    if not isinstance(config, dict):
        raise PlaybookError(f"{config_file}: expected MkDocs settings (site_name:, theme:, ...)")
    options = _plugin_options(config.get("plugins"))
    if options is None:
        raise PlaybookError(f"{config_file}: plugins: the playbook plugin is not configured")
    docs_dir = config_file.parent / str(config.get("docs_dir", "docs"))
    return Project(config_file, config, docs_dir, options)


def _plugin_options(plugins: Any) -> dict[str, Any] | None:
    """The playbook plugin's options, whether plugins is a list or a mapping; None if absent."""
    entries = plugins.items() if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins or []
    ]
    for name, options in entries:
        if name == PLUGIN:
            return dict(options or {})
    return None


def _without_plugin(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k != PLUGIN}
    return [p for p in plugins if (next(iter(p)) if isinstance(p, dict) else p) != PLUGIN]


def own_pages(docs_dir: Path, skip: set[Path]) -> list[str]:
    """The company's own Markdown pages, in MkDocs' order (index first in each folder)."""
    pages = [
        p.relative_to(docs_dir).as_posix()
        for p in docs_dir.rglob("*.md")
        if p.is_file() and p.resolve() not in skip and not _hidden(p.relative_to(docs_dir))
    ]

    def key(page: str) -> tuple[tuple[int, str], ...]:
        parts = page.split("/")
        return tuple(
            (0 if i == len(parts) - 1 and part in ("index.md", "README.md") else 1, part)
            for i, part in enumerate(parts)
        )

    return sorted(pages, key=key)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


@dataclass
class Exported:
    """What ``export`` wrote: the pages in nav order, and settings it had to leave out."""

    pages: list[str]
    dropped: list[str]


def export(config_file: Path, target: Path, *, force: bool = False) -> Exported:
    """Write the exported project into ``target``.

    Nothing is written unless the policy renders; a non-empty ``target`` is refused unless
    ``force``, and then only ``target/docs`` and ``target/mkdocs.yml`` are replaced.
    """
    project = read_project(config_file)
    _check_target(project, target, force)
    policy = project.path("policy", "content/policy.yml")
    assert policy is not None
    templates = project.path("templates")
    library = project.path("library")
    sections = tuple(project.options.get("sections", SECTIONS))
    guideline = generate(
        policy,
        template_dirs=(templates,) if templates else (),
        library_dir=library,
        sections=sections,
    )
    skip = {policy.resolve()}
    own = own_pages(project.docs_dir, skip) if project.docs_dir.is_dir() else []
    generated = {spec.path for spec in guideline.pages}
    own = [p for p in own if p not in generated]
    config = _exported_config(project, guideline, own)
    dropped = [option for option in DROPPED if config.pop(option, None) is not None]

    docs = target / DOCS
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    for spec in guideline.pages:
        out = docs / spec.path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(guideline.markdown[spec.path], encoding="utf-8")
    if project.docs_dir.is_dir():
        _copy_docs(project.docs_dir, docs, skip)
    for path, source in assets.site_files().items():
        if not (docs / path).exists():
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, docs / path)
    if "custom_dir" in config.get("theme", {}):
        source = project.root / str(project.config["theme"]["custom_dir"])
        shutil.copytree(source, target / config["theme"]["custom_dir"], dirs_exist_ok=True)
    (target / "mkdocs.yml").write_text(_dump(config), encoding="utf-8")
    return Exported([spec.path for spec in guideline.pages] + own, dropped)


def _check_target(project: Project, target: Path, force: bool) -> None:
    resolved = target.resolve()
    for source in (project.root.resolve(), project.docs_dir.resolve()):
        if resolved == source or resolved in source.parents:
            raise PlaybookError(
                f"{target}: holds the project itself; export into a folder of its own"
            )
    if target.exists() and not target.is_dir():
        raise PlaybookError(f"{target}: not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise PlaybookError(f"{target}: not empty; use --force to replace its docs/ and mkdocs.yml")


def _copy_docs(source: Path, docs: Path, skip: set[Path]) -> None:
    """The company's own docs files; a hand-written page replaces the generated one."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir() or path.resolve() in skip or _hidden(relative):
            continue
        out = docs / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, out)


def _exported_config(project: Project, guideline: Guideline, own: list[str]) -> dict[str, Any]:
    """The project's settings with docs in ``docs/``, the nav written out, no playbook plugin."""
    config = dict(project.config)
    config["docs_dir"] = DOCS
    config["site_dir"] = "site"
    config["plugins"] = _without_plugin(config.get("plugins"))
    scripts = list(config.get("extra_javascript") or [])
    styles = list(config.get("extra_css") or [])
    config["extra_javascript"] = scripts + [
        f"{assets.SITE_FOLDER}/{name}" for name in assets.SCRIPTS
        if f"{assets.SITE_FOLDER}/{name}" not in scripts
    ]
    config["extra_css"] = styles + [
        f"{assets.SITE_FOLDER}/{name}" for name in assets.STYLES
        if f"{assets.SITE_FOLDER}/{name}" not in styles
    ]
    if not config.get("nav"):
        config["nav"] = guideline.nav(own)
    theme = config.get("theme")
    if isinstance(theme, str):
        theme = {"name": theme}
    if isinstance(theme, dict):
        theme = dict(theme)
        theme["language"] = guideline.context.policy.company.language
        if project.options.get("offline", True) and assets.font_is_remote(theme.get("font")):
            theme["font"] = False
        if "custom_dir" in theme:
            theme["custom_dir"] = "overrides"
        config["theme"] = theme
    return config


def _dump(config: dict[str, Any]) -> str:
    header = (
        "# Exported by `playbook export`: the generated pages are plain Markdown in docs/.\n"
        "# Build with `mkdocs build` or `zensical build`; change the policy, not these pages.\n"
    )
    body = yaml.dump(
        config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False,
        default_flow_style=False, width=100,
    )
    return header + body
