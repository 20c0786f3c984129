"""What the built site loads in the browser, all served by the site itself.

The guideline goes onto intranets without internet access, so no page may load anything from
another host: Material's defaults would fetch Google Fonts and Mermaid from a CDN. The package
ships the browser side instead (``templates/assets/``, copied to ``assets/playbook/`` in the
site): the checklist script and styles, and Mermaid pinned to :data:`MERMAID_VERSION` with its
licence. This module lists those files and finds settings that would still reach elsewhere; it
does not import MkDocs (the plugin applies it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from playbook.resources import shipped

SITE_FOLDER = "assets/playbook"
"""Where the shipped browser files land in the built site."""

MERMAID_VERSION = "11.17.2"
"""The Mermaid release in ``templates/assets/mermaid/`` (``scripts/vendor_assets.sh`` updates it).
Material for MkDocs 9 is written against Mermaid 11, so the pin stays on that major version."""

SCRIPTS = ("mermaid-loader.js", "checklists.js", "example-filter.js")
"""Added to every page after the user's own scripts. The Mermaid loader defines ``mermaid``
before Material looks for it, so Material skips its CDN; the real script (3.5 MB) is loaded from
this site only on pages that have a diagram. The other two act only on pages with checklists
or the example collection."""

STYLES = ("playbook.css",)

_FILES = (*SCRIPTS, *STYLES, "mermaid/mermaid.min.js", "mermaid/LICENSE")

MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}
"""Material's ``theme.font`` when mkdocs.yml says nothing; Material loads it from Google Fonts."""


def site_files() -> dict[str, Path]:
    """Site path -> shipped file, for every browser file the plugin adds to the site."""
    root = shipped("templates") / "assets"
    return {f"{SITE_FOLDER}/{name}": root / name for name in _FILES}


def font_is_remote(font: Any) -> bool:
    """Whether Material would load ``theme.font`` from Google Fonts (anything but ``false``)."""
    return font is not False and font is not None


_TAG = re.compile(
    r"<(script|img|iframe|source|video|audio|embed|object|link|track)\b([^>]*)>", re.I
)
_ATTR = re.compile(r"""\b(src|href|srcset|data|poster)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.I)
_CSS_PREFIX = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?:https?:)?\Z""", re.I)
_FETCHING_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch",
                  "modulepreload", "icon", "shortcut", "apple-touch-icon", "manifest"}


def foreign_resources(html: str) -> list[str]:
    """Addresses on other hosts that a page would load by itself (not links a reader follows).

    Covers the markup MkDocs writes: scripts, images, frames, media, stylesheets and icons, and
    ``url()`` in inline styles. Requests made later by scripts are not visible here; the plugin
    checks the settings that cause them (fonts, repository facts, analytics) separately.

    Every such address holds ``//``, and a built page has about a dozen of them in 30 KB, so
    only the tags and style snippets around a ``//`` are examined (a third of the time of
    matching the patterns against the whole page).
    """
    found: list[str] = []
    tags_seen: set[int] = set()
    css_end = 0
    position = html.find("//")
    while position != -1:
        tag = _enclosing_tag(html, position)
        if tag is not None and tag.start() not in tags_seen:
            tags_seen.add(tag.start())
            found += _tag_resources(tag.group(1).lower(), tag.group(2))
        window = html.rfind("/", 0, position) + 1
        prefix = _CSS_PREFIX.search(html, max(window, css_end), position)
        css = _CSS_URL.match(html, prefix.start()) if prefix else None
        if css:
            found.append(css.group(1))
            css_end = css.end()
            position = html.find("//", css_end)
        else:
            position = html.find("//", position + 2)
    return found


def _enclosing_tag(html: str, position: int) -> re.Match[str] | None:
    """The tag of :data:`_TAG` whose attributes hold ``position``, if there is one.

    A ``<`` inside an attribute value (``alt="a<b"``) is not a tag's start, so earlier ``<``
    are tried as long as no ``>`` separates them from ``position``.
    """
    start = html.rfind("<", 0, position)
    while start != -1 and html.find(">", start, position) == -1:
        tag = _TAG.match(html, start)
        if tag is not None and tag.end() > position:
            return tag
        start = html.rfind("<", 0, start)
    return None


def _tag_resources(tag: str, attrs: str) -> list[str]:
    """The remote addresses one tag loads: ``href`` only of fetching ``<link>`` tags."""
    if tag == "link":
        rel = _REL.search(attrs)
        rels = set((rel.group(1) or rel.group(2) or "").lower().split()) if rel else set()
        if not rels & _FETCHING_RELS:
            return []
    found: list[str] = []
    for name, double, single in _ATTR.findall(attrs):
        if tag != "link" and name.lower() == "href":
            continue
        value = double or single
        candidates = value.split(",") if name.lower() == "srcset" else [value]
        found += [c.split()[0] for c in candidates if _is_remote(c.strip())]
    return found


def _is_remote(address: str) -> bool:
    return address.lower().startswith(("http://", "https://", "//"))


def remote_settings(
    *, extra: Mapping[str, Any], repo_url: str | None, markdown_configs: Mapping[str, Any]
) -> list[str]:
    """Settings that make Material fetch from another host at run time, one sentence each.

    Addresses written into the pages (``extra_css``, ``extra_javascript``, a logo on another
    host) are found in the built HTML by :func:`foreign_resources` instead.
    """
    problems: list[str] = []
    if extra.get("analytics"):
        problems.append("extra.analytics loads a tracking script from another host")
    if repo_url and _is_remote(repo_url):
        problems.append(
            f"repo_url {repo_url} makes every page fetch the repository's stars and forks "
            "from that host"
        )
    emoji = markdown_configs.get("pymdownx.emoji")
    if emoji is not None and "to_svg" not in str(emoji.get("emoji_generator", "")):
        problems.append(
            "pymdownx.emoji loads emoji images from a CDN; set emoji_generator: "
            "!!python/name:material.extensions.emoji.to_svg"
        )
    return problems
