"""A real Chromium against the built example sites, each served on 127.0.0.1.

One browser per test session and one build per site. Every page of every site is visited once
(:func:`survey`): what it requested, which script errors it raised, what axe-core found and
whether its diagrams rendered; the tests then judge those findings. Interaction tests open their
own pages. Without Chromium the tests skip locally and fail in CI (``CI=true``).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import ENGLISH, GERMAN, ROOT, load_yaml, write_project

CHROMIUM = Path(os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Every host but the test server fails at once, so a stray request is recorded, never waited
    # for, and never leaves the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

DEMO_PAGE = """\
# Shift checklists

Written by hand next to the generated pages.

## Before the shift

- [ ] Open the service inbox
- [x] Read the handover notes
    - [ ] Note open *escalations*
- [ ] Check the [status page](index.md)

## After the shift

- [ ] Write the handover notes
- [ ] Log off

## Flow

```mermaid
graph LR
  A["Message arrives"] --> B["Answer"]
```
"""

DEMO_YML = """\
site_name: Demo guideline
docs_dir: docs
strict: true
theme:
  name: material
  features:
    - navigation.instant
plugins:
  - search
  - playbook:
      policy: policy.yml
  - print-site:
      add_to_navigation: true
markdown_extensions:
  - tables
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""
"""A third site for what the examples may not show: a hand-written page with nested task
lists and a diagram, Material's instant navigation (which needs ``site_url``, set to the test
server's address when the site is built), and no ``font: false`` (the plugin must keep Google
Fonts away by itself)."""


def _demo_config(folder: Path) -> Path:
    config = write_project(folder, ENGLISH, mkdocs_yml=DEMO_YML)
    (folder / "docs" / "shift.md").write_text(DEMO_PAGE, encoding="utf-8")
    return config


SITES = {
    "de": lambda folder: ROOT / "mkdocs.yml",
    "en": lambda folder: ROOT / "content" / "small-firm" / "mkdocs.yml",
    "demo": _demo_config,
}
POLICIES = {"de": GERMAN, "en": ENGLISH, "demo": ENGLISH}


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set PLAYBOOK_CHROMIUM)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = chromium_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a page's dozen requests share connections

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Site:
    """A built site and the address it is served at."""

    name: str
    root: Path
    url: str
    language: str
    """The policy's language (company.language)."""

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    def pages(self) -> list[str]:
        """Every HTML page of the site, as paths relative to its root."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def address(self, page: str) -> str:
        return self.url + (page[: -len("index.html")] if page.endswith("index.html") else page)

    def html(self, page: str) -> str:
        return (self.root / page).read_text(encoding="utf-8")


def build(config_file: Path, site_dir: Path, **overrides: str) -> Path:
    """Build with real MkDocs in this process, into ``site_dir``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return site_dir


@pytest.fixture(scope="session", params=sorted(SITES))
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """Each site built once and served by a small threaded HTTP server on 127.0.0.1."""
    folder = tmp_path_factory.mktemp(f"site-{request.param}")
    root = folder / "site"
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_port}/"
    config = SITES[request.param](folder / "project")
    build(config, root, **({"site_url": url} if request.param == "demo" else {}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    language = load_yaml(POLICIES[request.param])["company"]["language"]
    try:
        yield Site(request.param, root, url, language)
    finally:
        server.shutdown()
        server.server_close()


# Material attaches each rendered diagram in a closed shadow root. Screen readers see into it,
# scripts (axe-core, these tests) do not; opening it lets the tests see what a reader gets.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, Object.assign({}, init, {mode: "open"}));
};
"""


@dataclass
class Visit:
    """What one page did in the browser."""

    page: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)
    diagrams: list[dict[str, Any]] = field(default_factory=list)


def open_context(browser: Any, **options: Any) -> tuple[Any, list[str]]:
    """A fresh browser context (empty storage) that records the address of every request."""
    context = browser.new_context(**options)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    return context, requests


def wait_for_diagrams(page: Any) -> None:
    """Until Material has replaced every ``pre.mermaid`` by its rendered diagram (or failed)."""
    if page.locator("pre.mermaid").count():
        page.wait_for_function(
            "() => !document.querySelector('pre.mermaid')", timeout=20_000
        )


def _diagrams(page: Any) -> list[dict[str, Any]]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('div.mermaid')).map(d => {
             const svg = d.shadowRoot && d.shadowRoot.querySelector('svg');
             return {svg: !!svg, text: svg ? svg.textContent : '',
                     height: d.getBoundingClientRect().height};
           })"""
    )


@pytest.fixture(scope="session")
def survey(browser: Any, site: Site) -> dict[str, Visit]:
    """Visit every page of ``site`` once: requests, script errors, axe findings, diagrams."""
    context, requests = open_context(browser)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.add_init_script(path=AXE)
    visits: dict[str, Visit] = {}
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for path in site.pages():
        requests.clear()
        errors.clear()
        page.goto(site.address(path), wait_until="load")
        wait_for_diagrams(page)
        visit = Visit(path, diagrams=_diagrams(page))
        result = page.evaluate(
            """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                         resultTypes: ['violations']})""",
            WCAG_TAGS,
        )
        visit.violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]][:5],
                "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
            }
            for v in result["violations"]
        ]
        # Requests the page starts on load (fonts, scripts, repository facts) have been made
        # by now: the axe run took longer than the page needs to start them.
        visit.requests = list(requests)
        visit.errors = list(errors)
        visits[path] = visit
    context.close()
    return visits


def report(findings: dict[str, Any]) -> str:
    """Findings per page, readable in a failed assertion."""
    return json.dumps(findings, indent=2, ensure_ascii=False)
