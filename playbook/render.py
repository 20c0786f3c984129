"""Jinja rendering of the guideline pages: one environment, strict, and safe for policy text.

Pages are Markdown, so HTML autoescaping alone does not protect readers: Markdown also turns
``[x](javascript:...)`` into a link, ``{: onclick=...}`` into an attribute (attr_list) and
``![x](https://elsewhere)`` into a request to another host. Every value a template prints goes
through :func:`safe_markdown`, which keeps emphasis, lists and ordinary links but defuses all of
that. Values that are not text (``None``, lists, booleans, dates) cannot be printed directly, so
Python artefacts never reach a page: the template must decide how to show them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from playbook import __version__
from playbook.errors import PlaybookError
from playbook.heatmap import svg as heatmap_svg
from playbook.loader import read_document
from playbook.model import WEEKDAYS, OpeningHours
from playbook.resources import shipped

# A link's destination up to the first ')': it may hold tabs and newlines, which browsers drop
# from a URL, so "java<TAB>script:" is still a script.
_LINK_DEST = re.compile(r"(\]\(\s*)([^)]*)")
# "[label]:" anywhere, not only at a line's start: inside a list item or a quote it still
# defines a reference that "[text][label]" elsewhere turns into a link.
_REF_LABEL = re.compile(r"\[([^\[\]]*)\]:")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# Control characters have no place in text, and Python-Markdown uses \x02 and \x03 to mark
# stashed raw HTML: text holding them could recall a stash entry.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TRAILING_BACKSLASHES = re.compile(r"\\+$")
_BLOCK_START = re.compile(r"^([ \t]{0,3})(#|[=-](?=[=-]*[ \t]*$))", re.MULTILINE)
"""A line that would open a heading (``#tag``) or underline one (``===``, ``---``)."""


class ArtefactError(TypeError):
    """A template printed a value that has no wording (None, a list, a boolean...)."""


def _safe_destination(dest: str) -> str:
    squeezed = _INVISIBLE.sub("", dest).lower().replace("&amp;", "&").removeprefix("&lt;")
    scheme = _SCHEME.match(squeezed)
    if scheme and scheme.group(1) not in _SAFE_SCHEMES:
        return "#"
    if "&#" in squeezed:
        return "#"
    return dest


@lru_cache(maxsize=16384)
def safe_markdown(text: str) -> Markup:
    r"""Policy text as Markdown that cannot carry markup, scripts or foreign requests.

    Kept: emphasis, lists and links to http(s), mailto and tel addresses. Defused: raw HTML
    and entities (escaped), attribute lists and template syntax (braces become entities),
    images (``!\[``), code fences (where Mermaid and other fenced formats live), reference
    definitions, links to any other scheme (``#``), and headings: a hashtag at a line's start
    or a line of ``===``/``---`` would otherwise break the page's outline. ``</`` gets an invisible
    word joiner, so text that a theme unescapes (Material's ``<title>`` does) cannot close a
    tag. Snippet markers (``--8<--``) lose their ``<``.

    Cached: a large policy repeats the same network names, divisions, owners and hours on
    hundreds of pages, and the result depends on the text alone.
    """
    text = _CONTROL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    text = _REF_LABEL.sub(r"\\[\1]:", text)
    text = text.replace("![", "!\\[").replace("```", "\\`\\`\\`").replace("~~~", "\\~\\~\\~")
    text = _LINK_DEST.sub(lambda m: m.group(1) + _safe_destination(m.group(2)), text)
    text = _TRAILING_BACKSLASHES.sub(
        lambda m: m.group() + "\\" if len(m.group()) % 2 else m.group(), text
    )
    text = _BLOCK_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return Markup(text)


def _finalize(value: Any) -> Any:
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here, naming the missing variable
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return safe_markdown(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ArtefactError(
        f"a template printed {type(value).__name__} {value!r}; format it with a filter "
        "or test it with {% if %}"
    )


class Catalog:
    """The fixed wording of one language: ``i18n/<lang>/*.yml`` and ``i18n/<lang>.yml``.

    The shipped templates keep one file per concern (``core.yml``, ``checks.yml``, ...). A
    company's template folder is read last and may hold just the keys it rewords, in either
    layout.
    """

    def __init__(self, language: str, folders: Iterable[Path]) -> None:
        self.language = language
        self.strings: dict[str, str] = {}
        for folder in reversed(list(folders)):
            base = folder / "i18n"
            paths = [*sorted((base / language).glob("*.yml")), base / f"{language}.yml"]
            for path in paths:
                if path.is_file():
                    self.strings.update(_flatten(_read_catalog(path)))

    def __call__(self, key: str, **values: Any) -> Markup:
        """Return the wording for ``key``, with ``{name}`` placeholders filled in safely."""
        try:
            text = self.strings[key]
        except KeyError:
            raise KeyError(f"no wording for {key!r} in i18n/{self.language}/") from None
        if not values:
            return Markup(text)
        # Every value is escaped (Markup) or an int once finalized, so plain str.format gives
        # what Markup.format would, without its escaping formatter (a tenth of a large build).
        return Markup(text.format(**{k: _finalize(v) for k, v in values.items()}))

    def plain(self, key: str, **values: Any) -> str:
        """The wording as plain text with values inserted unescaped.

        For places that escape for themselves and are not Markdown: Mermaid labels (through
        the ``mermaid`` filter) and the theme's banner (through Jinja's ``e``).
        """
        try:
            text = self.strings[key]
        except KeyError:
            raise KeyError(f"no wording for {key!r} in i18n/{self.language}/") from None
        return text.format(**{k: str(v) for k, v in values.items()}) if values else text

    def has(self, key: str) -> bool:
        """Whether ``key`` has wording (for optional, data-driven labels)."""
        return key in self.strings


def _read_catalog(path: Path) -> Any:
    return read_document(path).data or {}


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, keyed also by what compiled code depends on besides the source.

    Jinja keys an entry by template name and file and checks the source's checksum; the
    environment's syntax options, filters and tests shape the compiled code too, so they (with
    playbook's and Jinja's versions) go into the key. Jinja compiles a damaged entry afresh; a
    folder that cannot be written only costs speed.
    """

    def __init__(self, directory: Path, salt: str) -> None:
        super().__init__(str(directory), "%s.jinja")
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The entry for ``name`` under this environment's salt."""
        return super().get_cache_key(f"{self.salt}\0{name}", filename)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store an entry unless the folder cannot take it."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Compiled templates on disk, reused by the next run.

    Compiling the page templates is about a tenth of a cold ``mkdocs build`` of a small
    guideline; loading them compiled costs almost nothing. The cache lives in
    ``$PLAYBOOK_CACHE_DIR`` (empty: no cache), else ``$XDG_CACHE_HOME/playbook`` or
    ``~/.cache/playbook``.
    """
    root = os.environ.get("PLAYBOOK_CACHE_DIR")
    if root == "":
        return None
    try:
        if root is None:
            root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
            folder = Path(root) / "playbook" / "templates"
        else:
            folder = Path(root) / "templates"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        return None
    options = (
        __version__, jinja2.__version__, env.block_start_string, env.block_end_string,
        env.variable_start_string, env.variable_end_string, env.comment_start_string,
        env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline, env.newline_sequence,
        bool(env.autoescape), env.finalize is not None, env.optimized, sorted(env.extensions),
        sorted(env.filters), sorted(env.tests),
    )
    return _BytecodeCache(folder, hashlib.sha1(repr(options).encode()).hexdigest())


class Renderer:
    """One Jinja environment for all pages; templates are compiled once and reused."""

    def __init__(self, language: str, template_dirs: Iterable[Path] = ()) -> None:
        self.folders = [*template_dirs, shipped("templates")]
        self.t = Catalog(language, self.folders)
        self._days: dict[tuple[str, ...], Markup] = {}
        self._hours: dict[tuple[tuple[tuple[str, ...], str, str], ...], Markup] = {}
        self._durations: dict[float, Markup] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f) for f in self.folders]),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            # Printed values are escaped by ``finalize``; autoescaping only marks a macro's
            # output as safe, so text inside a macro is not escaped a second time.
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals["t"] = self.t
        self.env.globals["link"] = link
        self.env.filters.update(
            duration=self.duration,
            date=self.date,
            days=self.days,
            hours=self.hours,
            percent=self.percent,
            number=self.number,
            cell=self.cell,
            mermaid=mermaid_label,
            join_safe=self.join_safe,
            quote=quote,
            heatmap=lambda week: heatmap_svg(week, self.t),
        )
        self.env.bytecode_cache = _bytecode_cache(self.env)

    def render(self, template: str, context: Mapping[str, Any]) -> str:
        """Render one page; template mistakes become user errors naming file and line."""
        try:
            return self.env.get_template(template).render(context)
        except jinja2.TemplateSyntaxError as error:
            raise PlaybookError(
                f"{error.filename or error.name}:{error.lineno}: template syntax: {error.message}"
            ) from None
        except (jinja2.UndefinedError, ArtefactError, KeyError) as error:
            raise PlaybookError(f"{_template_place(error, template)}: {_reason(error)}") from None

    def duration(self, minutes: float) -> Markup:
        """'90 min' -> '1,5 h' in German; whole days and hours read as such."""
        if minutes not in self._durations:
            self._durations[minutes] = self._format_duration(minutes)
        return self._durations[minutes]

    def _format_duration(self, minutes: float) -> Markup:
        if minutes >= 1440 and minutes % 1440 == 0:
            return self.t("unit.days", n=self._num(minutes / 1440))
        if minutes >= 60:
            return self.t("unit.hours", n=self._num(minutes / 60))
        return self.t("unit.minutes", n=self._num(minutes))

    def date(self, value: dt.date) -> Markup:
        """A date in the site language's usual short form."""
        return Markup(value.strftime(str(self.t("format.date"))))

    def days(self, days: Iterable[str]) -> Markup:
        """Weekdays with runs collapsed: mon, tue, wed -> 'Mo–Mi'."""
        key = tuple(days)
        if key not in self._days:
            self._days[key] = self._format_days(key)
        return self._days[key]

    def _format_days(self, days: tuple[str, ...]) -> Markup:
        indices = sorted(WEEKDAYS.index(d) for d in days)  # type: ignore[arg-type]
        runs: list[list[int]] = []
        for i in indices:
            if runs and i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        names = [str(self.t(f"weekday.{WEEKDAYS[i]}")) for i in range(7)]
        parts = [
            names[r[0]] if len(r) == 1 else f"{names[r[0]]}–{names[r[-1]]}" if len(r) > 2
            else f"{names[r[0]]}, {names[r[1]]}"
            for r in runs
        ]
        return Markup(", ".join(parts))

    def hours(self, hours: Iterable[OpeningHours]) -> Markup:
        """Opening hours as one line: 'Mo–Fr 08:00–20:00, Sa 10:00–14:00'.

        Cached per distinct schedule: most accounts share the company's hours, and every page
        that lists accounts prints them again.
        """
        key = tuple((tuple(h.days), h.open, h.close) for h in hours)
        if key not in self._hours:
            self._hours[key] = Markup(
                ", ".join(f"{self.days(days)} {start}–{end}" for days, start, end in key)
            )
        return self._hours[key]

    def percent(self, share: float) -> Markup:
        """0.8 -> '80 %'."""
        return Markup(f"{self._num(round(share * 100, 1))}\u00a0%")

    def number(self, value: float) -> Markup:
        """A number with the site language's decimal separator."""
        return Markup(self._num(value))

    def _num(self, value: float) -> str:
        text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", str(self.t("format.decimal")))

    def cell(self, value: Any) -> Markup:
        """Text for a Markdown table cell: one line, pipes escaped."""
        text = str(_finalize(value)).replace("|", "\\|")
        return Markup(" ".join(text.split()))

    def join_safe(self, values: Iterable[Any], separator: str = ", ") -> Markup:
        """Join values, each escaped, with a trusted separator."""
        return Markup(separator).join(_finalize(v) for v in values)


@jinja2.pass_context
def link(context: Any, text: Any, target: str) -> Markup:
    """A Markdown link from the page being rendered to ``target`` (``accounts/x.md#anchor``).

    When that page is not generated (its section is switched off) the text stays plain, so no
    build ever has a dead link.
    """
    label = _finalize(text)
    path, _, anchor = target.partition("#")
    if path not in context["page_paths"]:
        return Markup(label)
    here = context["page"].path.split("/")[:-1]
    there = path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:])
    return Markup(f"[{label}]({relative}{'#' + anchor if anchor else ''})")


def quote(text: Any) -> Markup:
    """Policy text as a Markdown blockquote.

    The text is escaped as a whole before its lines are quoted: escaping line by line would
    miss a link whose destination runs over a line break.
    """
    lines = str(_finalize(text)).splitlines() or [""]
    return Markup("\n".join(f"> {line}".rstrip() for line in lines))


def mermaid_label(value: Any) -> Markup:
    """Text for a Mermaid node label in double quotes."""
    text = str(value)
    for char, entity in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, entity)
    for char in "{}[]|`":
        text = text.replace(char, f"#{ord(char)};")
    return Markup(" ".join(text.split()))


def _template_place(error: BaseException, template: str) -> str:
    tb = error.__traceback__
    place = template
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".md", ".html", ".jinja")) or "templates" in filename:
            place = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place


def _reason(error: BaseException) -> str:
    if isinstance(error, jinja2.UndefinedError):
        return f"template error: {error.message}"
    return f"template error: {error.args[0] if error.args else error}"

