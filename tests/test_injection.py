"""Policy text is data: no string in a policy reaches the site as markup.

Every string of both examples is replaced by an attack (raw HTML, event handlers, script links
in every disguise, foreign images, attribute lists, snippets, references, template syntax),
the sites are built with real MkDocs, and every HTML page (and the search index, which
Material's search renders as HTML) is parsed: no script, handler, script link or foreign image
may come from the policy. The strings are found by walking the data, so a field added to the
examples is attacked without changing this test. A field whose validator refuses every attack
(a choice, a date, a pattern) keeps its value: the validator is its protection.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    ENGLISH,
    GERMAN,
    MKDOCS_YML,
    is_valid_policy,
    load_yaml,
    mkdocs_build,
    set_at,
    strings,
    write_project,
)

from playbook.guideline import nav_title
from playbook.render import mermaid_label, safe_markdown

MARK = "PWN"

# "{n}" becomes a number unique to the field, so each finding names the field it came from.
ATTACKS = [
    '<script>alert("PWN{n}")</script>',
    "<img src=x onerror=alert('PWN{n}')>",
    '<a href="javascript:alert(\'PWN{n}\')">PWN{n}</a>',
    "[PWN{n}](javascript:alert({n}))",
    "[PWN{n}](JaVaScRiPt:alert({n}))",
    "[PWN{n}](java\tscript:alert({n}))",
    "[PWN{n}]( java\nscript:alert({n}))",
    "[PWN{n}](&#106;avascript:alert({n}))",
    "[PWN{n}](<javascript:alert({n})>)",
    "[PWN{n}](vbscript:msgbox({n}))",
    "[PWN{n}](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![PWN{n}](https://evil.example/PWN{n}.png)",
    "\\![PWN{n}](https://evil.example/PWN{n}.png)",
    "![PWN{n}][r{n}]\n\n[r{n}]: https://evil.example/PWN{n}.png",
    "- [r{n}]: javascript:alert({n})\n\n[PWN{n}][r{n}]",
    "> [r{n}]: javascript:alert({n})\n\n[PWN{n}][r{n}]",
    'PWN{n} {{: onclick="alert({n})" }}',
    "# PWN{n} {{: #x onmouseover=alert({n}) }}",
    '--8<-- "mkdocs.yml" PWN{n}',
    "<!-- PWN{n} --><svg onload=alert({n})>",
    "&lt;script&gt;alert(PWN{n})&lt;/script&gt;",
    "</title><script>alert('PWN{n}')</script>",
    '"><script>alert("PWN{n}")</script>',
    "'><img src=x onerror=alert('PWN{n}')>",
    "```\n</code><script>alert('PWN{n}')</script>\n```",
    "~~~html\n<script>alert('PWN{n}')</script>\n~~~",
    "{{{{ config }}}} {{% raw %}} PWN{n}",
    '<iframe src="https://evil.example/PWN{n}"></iframe>',
    "<style>body{{display:none}}</style>PWN{n}",
    '<div markdown="1">*PWN{n}*</div>',
    "PWN{n} <https://evil.example/PWN{n}> <javascript:alert({n})>",
    "*PWN{n}* **ok** [ok](https://example.org/PWN{n}) trailing backslash\\",
    # Fields that must hold a link or a handle: harmless for a validator, hostile for a page.
    "https://evil.example/PWN{n}?javascript:alert({n})",
    "mailto:PWN{n}@evil.example?body=<script>",
    "@PWN{n}<b>",
    "@PWN{n}",
]

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background",
                   "xlink:href", "srcset", "cite", "longdesc"}
_LOADS = {"img", "script", "iframe", "frame", "embed", "object", "video", "audio", "source",
          "track", "link", "input"}
_MARKDOWN_TAGS = {"a", "em", "strong", "code", "pre", "p", "ul", "ol", "li", "blockquote",
                  "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "table", "thead", "tbody",
                  "tr", "th", "td", "div", "span", "del", "sup", "sub", "dl", "dt", "dd"}


def _scheme(url: str) -> str | None:
    """The scheme a browser sees: tabs and newlines are dropped, ends trimmed."""
    squeezed = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08 \x0b"
                                                  "\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
                                                  "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", squeezed)
    return match.group(1).lower() if match else None


class Inspector(HTMLParser):
    """Collects, from one HTML document, everything that could run or load something."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.findings: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[tuple[str, str]] = set()
        self.text: list[str] = []
        self._raw: str | None = None
        self._in_mermaid = False
        self.mermaid: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            self.attributes.add((tag, name))
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}={value!r}> in {self.source}")
            if name in _URL_ATTRIBUTES and _scheme(value) in {"javascript", "vbscript", "data",
                                                               "file"}:
                self.findings.append(f"<{tag} {name}={value!r}> in {self.source}")
            if tag in _LOADS and name in _URL_ATTRIBUTES and (
                _scheme(value) is not None or value.lstrip().startswith("//")
            ):
                self.findings.append(f"<{tag} {name}={value!r}> loads from elsewhere")
            # Policy text in a label or title attribute is text; in a style or in what an
            # element loads, it is code.
            if MARK in value and (name == "style" or (name in _URL_ATTRIBUTES and tag != "a")):
                self.findings.append(f"<{tag} {name}={value!r}> carries policy text")
        if tag in ("title", "script", "style", "textarea"):
            self._raw = tag
            self.set_cdata_mode(tag)  # browsers read these as text up to their end tag
        if "mermaid" in values.get("class", ""):
            self._in_mermaid = True
            self.mermaid.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None
        if tag in ("pre", "div") and self._in_mermaid:
            self._in_mermaid = False

    def handle_data(self, data: str) -> None:
        if self._raw in ("script", "style") and MARK in data:
            self.findings.append(f"policy text inside a <{self._raw}> in {self.source}")
        if self._in_mermaid:
            self.mermaid[-1] += data
        self.text.append(data)


def inspect(source: str, where: str) -> Inspector:
    inspector = Inspector(where)
    inspector.feed(source)
    inspector.close()
    return inspector


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def attacked(example: Path) -> tuple[dict[str, Any], dict[int, tuple[Any, ...]], list[str]]:
    """The example with an attack in every string a validator lets through.

    Attacks rotate over the fields, so each kind of attack meets many kinds of field (a table
    cell, a list item, a heading, a bio quote, a navigation title).
    """
    data = load_yaml(example)
    planted: dict[int, tuple[Any, ...]] = {}
    refused: list[str] = []
    for n, (path, original) in enumerate(list(strings(data)), start=1):
        for k in range(len(ATTACKS)):
            set_at(data, path, ATTACKS[(n + k) % len(ATTACKS)].format(n=n))
            if is_valid_policy(data):
                planted[n] = path
                break
        else:
            set_at(data, path, original)
            refused.append(".".join(map(str, path)))
    return data, planted, refused


@pytest.fixture(scope="module", params=[GERMAN, ENGLISH], ids=["german", "english"])
def hostile_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, dict[int, tuple[Any, ...]], list[str]]:
    """The example as it is (what the theme itself writes) and with attacks planted."""
    data, planted, refused = attacked(request.param)
    folder = tmp_path_factory.mktemp("hostile")
    # Not strict: the consistency checks rightly warn about a policy full of attacks.
    lenient = MKDOCS_YML.replace("strict: true", "strict: false")
    baseline = mkdocs_build(write_project(folder / "baseline", request.param))
    site = mkdocs_build(write_project(folder / "hostile", data, mkdocs_yml=lenient))
    return baseline, site, planted, refused


def test_attacks_reach_most_fields_and_only_format_fields_refuse_them(hostile_site) -> None:
    _baseline, _site, planted, refused = hostile_site
    assert len(planted) >= 30 and len(planted) >= 3 * len(refused)
    # Each refused field has a validator with a fixed format; none of them holds prose.
    prose = ("purpose", "rule", "rationale", "findings", "summary", "name", "text", "story")
    assert not [p for p in refused if p.rsplit(".", 1)[-1] in prose]


def _pages(site: Path) -> Iterator[Inspector]:
    for page in sorted(site.rglob("*.html")):
        yield inspect(page.read_text(encoding="utf-8"), str(page.relative_to(site)))


def test_no_markup_from_the_policy_reaches_any_page(hostile_site) -> None:
    """No handler, script link, foreign load, or element and attribute the theme and Markdown
    would not write themselves."""
    baseline, site, planted, _refused = hostile_site
    theme_tags: set[str] = set(_MARKDOWN_TAGS)
    theme_attributes: set[tuple[str, str]] = {("a", "href"), ("a", "title"), ("ol", "start")}
    for page in _pages(baseline):
        theme_tags |= page.tags
        theme_attributes |= page.attributes
    findings: list[str] = []
    visible = ""
    for page in _pages(site):
        findings += page.findings
        findings += [f"<{t}> in {page.source}" for t in page.tags - theme_tags]
        findings += [
            f"<{t} {a}=...> in {page.source}"
            for t, a in page.attributes - theme_attributes
            if not (a == "id" and t in {"h1", "h2", "h3", "h4", "h5", "h6"})
        ]
        visible += " ".join(page.text)
        for diagram in page.mermaid:
            findings += _mermaid_findings(diagram, page.source)
    assert findings == []
    shown = {int(n) for n in re.findall(rf"{MARK}(\d+)", visible)}
    assert 3 * len(shown) >= len(planted), "the attacks must reach the pages as visible text"
    assert any(n in shown for n, path in planted.items() if path[-1] == "handle")


def test_the_search_index_holds_no_markup_from_the_policy(hostile_site) -> None:
    """Material's search shows titles and texts of the index as HTML."""
    _baseline, site, _planted, _refused = hostile_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    findings: list[str] = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            findings += inspect(doc[key], f"search index {doc['location']} {key}").findings
    assert findings == []


def _mermaid_findings(diagram: str, where: str) -> list[str]:
    """A label may hold policy text only inside its quotes; no directive, no click, no HTML."""
    text = html.unescape(diagram)
    problems = []
    for line in text.splitlines():
        outside = re.sub(r'"[^"]*"', '""', line)
        if MARK in outside or "click" in outside.lower() or "%%{" in line or "<" in line:
            problems.append(f"mermaid line {line!r} in {where}")
    return problems


@pytest.mark.parametrize("attack", [a.format(n=7) for a in ATTACKS])
def test_a_mermaid_label_stays_inside_its_quotes(attack: str) -> None:
    label = str(mermaid_label(attack))
    assert not set(label) & set('"<>\n\t`[]{}|')
    assert _mermaid_findings(f'flowchart LR\n  a["{label}"] --> b', "label") == []


@pytest.mark.parametrize("attack", [a.format(n=7) for a in ATTACKS])
def test_a_navigation_title_is_shown_as_written_and_closes_no_tag(attack: str) -> None:
    title = nav_title(attack)
    assert inspect(title, "nav").tags == set()
    # Material's <title> runs the title through striptags, which unescapes it once more.
    from markupsafe import Markup

    assert "</" not in Markup(title).striptags()


def test_safe_markdown_keeps_ordinary_prose() -> None:
    text = "Wir *antworten* **schnell**: siehe [FAQ](https://example.org/faq) & <Kontakt>."
    assert str(safe_markdown(text)) == (
        "Wir *antworten* **schnell**: siehe [FAQ](https://example.org/faq) &amp; &lt;Kontakt&gt;."
    )


def test_a_page_outside_the_navigation_cannot_close_its_title(tmp_path: Path) -> None:
    """Beyond 15 accounts, account pages leave the navigation and take their title from the
    heading; Material unescapes that title inside ``<title>``."""
    data = load_yaml(ENGLISH)
    account = data["accounts"][0]
    data["accounts"] = [dict(account, handle=f"@shop{i}") for i in range(16)]
    data["accounts"][3]["handle"] = "</title><script>alert('PWN1')</script> & co"
    lenient = MKDOCS_YML.replace("strict: true", "strict: false")
    site = mkdocs_build(write_project(tmp_path / "p", data, mkdocs_yml=lenient))
    (page,) = site.glob("accounts/title-script-*/index.html")
    source = page.read_text(encoding="utf-8")
    assert inspect(source, str(page)).findings == []
    title = source[source.index("<title>") + 7 : source.index("</title>")]
    assert html.unescape(title) == "</title><script>alert('PWN1')</script> & co - Test guideline"
