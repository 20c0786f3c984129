"""The built sites in a real browser: offline, accessible, diagrams, checklists, search, print.

Every test walks every page of every site (the two examples and a small demo site), so pages
added later are covered without naming them here.
"""

from __future__ import annotations

import html as html_module
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from playbook.render import Catalog
from playbook.resources import shipped

from .conftest import Site, Visit, open_context, report, wait_for_diagrams

pytestmark = pytest.mark.browser

MERMAID = "assets/playbook/mermaid/mermaid.min.js"
PRINT_PAGE = "print_page/index.html"


def wording(site: Site, key: str, **values: int) -> str:
    """The catalog's wording for ``key`` in the site's language."""
    text = str(Catalog(site.language, [shipped("templates")])(key))
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def pages_with(site: Site, marker: str) -> list[str]:
    return [p for p in site.pages() if marker in site.html(p)]


def test_every_page_loads_only_from_the_site_itself(site: Site, survey: dict[str, Visit]) -> None:
    assert all(visit.requests for visit in survey.values()), "the request log recorded nothing"
    foreign = {
        visit.page: [url for url in visit.requests if urlsplit(url).netloc != site.host]
        for visit in survey.values()
    }
    foreign = {page: urls for page, urls in foreign.items() if urls}
    assert not foreign, report(foreign)


def test_every_page_runs_without_script_errors(survey: dict[str, Visit]) -> None:
    errors = {visit.page: visit.errors for visit in survey.values() if visit.errors}
    assert not errors, report(errors)


def test_every_page_declares_the_policy_language(site: Site) -> None:
    wrong = {
        page: match.group(1) if (match := re.search(r'<html[^>]*\blang="([^"]*)"', html)) else None
        for page in site.pages()
        if (html := site.html(page))
    }
    wrong = {page: lang for page, lang in wrong.items() if lang != site.language}
    assert not wrong, report(wrong)


def test_no_serious_accessibility_violation_on_any_page(survey: dict[str, Visit]) -> None:
    """axe-core, WCAG 2.1 A and AA rules, after the page's scripts have run."""
    serious = {
        visit.page: [v for v in visit.violations if v["impact"] in ("serious", "critical")]
        for visit in survey.values()
    }
    serious = {page: found for page, found in serious.items() if found}
    assert not serious, report(serious)


def test_diagrams_render_from_the_self_hosted_script(site: Site, survey: dict[str, Visit]) -> None:
    with_diagrams = pages_with(site, 'class="mermaid"')
    if site.name == "demo":
        assert with_diagrams, "the demo site has a diagram"
    for page in with_diagrams:
        visit = survey[page]
        assert visit.diagrams, f"{page}: no diagram was rendered"
        assert all(d["svg"] and d["text"].strip() and d["height"] > 20 for d in visit.diagrams), (
            f"{page}: {report(visit.diagrams)}"
        )
        assert site.url + MERMAID in visit.requests, f"{page} did not load Mermaid from the site"
    for page in set(survey) - set(with_diagrams):
        assert site.url + MERMAID not in survey[page].requests, (
            f"{page} has no diagram but loaded Mermaid (3.5 MB)"
        )


def _progress(page: Any, checklist: Any) -> str:
    return checklist.locator("xpath=following-sibling::p[1]").locator(
        ".playbook-checklist__progress"
    ).inner_text()


def test_checklists_keep_ticks_show_progress_and_reset(browser: Any, site: Site) -> None:
    pages = pages_with(site, "data-playbook-checklist")
    if site.name == "demo":
        assert pages, "the demo site has checklists"
    context, _ = open_context(browser)
    page = context.new_page()
    for path in pages:
        page.goto(site.address(path))
        checklists = page.locator("ul[data-playbook-checklist]")
        presets = []
        for i in range(checklists.count()):
            boxes = checklists.nth(i).locator("input[type=checkbox]")
            states = [boxes.nth(j).is_checked() for j in range(boxes.count())]
            presets.append(states)
            assert boxes.nth(0).is_enabled(), f"{path}: checklist {i} cannot be ticked"
            expected = wording(site, "tasklist.progress", done=sum(states), total=len(states))
            assert _progress(page, checklists.nth(i)) == expected, path

        first = checklists.nth(0)
        target = presets[0].index(False)
        box = first.locator("input[type=checkbox]").nth(target)
        box.focus()
        page.keyboard.press("Space")
        ticked = wording(site, "tasklist.progress", done=sum(presets[0]) + 1, total=len(presets[0]))
        assert _progress(page, first) == ticked, path

        page.reload()
        box = page.locator("ul[data-playbook-checklist]").nth(0).locator("input").nth(target)
        assert box.is_checked(), f"{path}: the tick did not survive a reload"
        assert _progress(page, checklists.nth(0)) == ticked, path
        for i, states in enumerate(presets[1:], start=1):
            untouched = wording(site, "tasklist.progress", done=sum(states), total=len(states))
            assert _progress(page, checklists.nth(i)) == untouched, f"{path}: list {i} changed"

        reset = checklists.nth(0).locator("xpath=following-sibling::p[1]//button")
        assert reset.inner_text() == wording(site, "tasklist.reset")
        reset.click()
        assert not box.is_checked(), f"{path}: reset left the tick"
        page.reload()
        box = page.locator("ul[data-playbook-checklist]").nth(0).locator("input").nth(target)
        assert not box.is_checked(), f"{path}: the reset did not last"
    context.close()


def test_checklists_without_javascript_are_plain_readable_lists(browser: Any, site: Site) -> None:
    context, _ = open_context(browser, java_script_enabled=False)
    page = context.new_page()
    for path in pages_with(site, "data-playbook-checklist"):
        page.goto(site.address(path))
        boxes = page.locator("ul.task-list input[type=checkbox]")
        assert boxes.count() > 0
        assert all(boxes.nth(i).is_disabled() for i in range(boxes.count())), path
        assert page.locator(".playbook-checklist__bar").count() == 0, path
        labels = page.locator("ul.task-list label.task-list-control")
        assert all(labels.nth(i).inner_text().strip() for i in range(labels.count())), path
    context.close()


@pytest.mark.parametrize("site", ["demo"], indirect=True)
def test_checklists_and_diagrams_work_with_instant_navigation(browser: Any, site: Site) -> None:
    context, requests = open_context(browser)
    page = context.new_page()
    page.goto(site.url, wait_until="networkidle")  # Material has read the sitemap by then
    page.evaluate("window.__same_document = true")
    page.locator("nav.md-nav--primary a[href$='shift/']").first.click()
    page.wait_for_url(site.url + "shift/")
    wait_for_diagrams(page)
    assert page.evaluate("window.__same_document === true"), "instant navigation reloaded"
    assert page.locator(".playbook-checklist__bar").count() == 2
    assert page.locator("div.mermaid").count() == 1
    assert site.url + MERMAID in requests
    page.locator("ul[data-playbook-checklist] .playbook-task").nth(0).click(
        position={"x": 2, "y": 4}
    )
    assert page.locator("ul[data-playbook-checklist] input").nth(0).is_checked()
    context.close()


@pytest.mark.parametrize("site", ["de"], indirect=True)
@pytest.mark.parametrize("term", ["Reaktionszeit", "Reaktionsziele"])
def test_german_search_finds_the_service_page(browser: Any, site: Site, term: str) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(site.url)
    box = page.locator("input.md-search__input")
    box.click()
    # The search index loads in a worker; a query typed before it is ready stays unanswered,
    # and the result list is rewritten while a typed query grows. So ask again until the
    # answer settles, within a bound, and judge the last answer.
    service = page.locator(".md-search-result__item a.md-search-result__link[href*='service']")
    results = page.locator(".md-search-result__item a.md-search-result__link")
    try:
        for _ in range(20):
            box.fill("")
            box.type(term)
            try:
                service.first.wait_for(timeout=1_000)
                break
            except Exception:
                continue
        else:
            hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
            raise AssertionError(f"searching {term!r} did not find the service page: {hrefs}")
    finally:
        context.close()


def _title(page_html: str) -> str:
    match = re.search(r"<article.*?<h1[^>]*>(.*?)</h1>", page_html, re.S)
    assert match, "page without a title"
    text = html_module.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("¶", "")
    return " ".join(text.split())


def test_print_page_holds_the_whole_guideline(site: Site) -> None:
    assert (site.root / PRINT_PAGE).is_file(), "no print page"
    printed = " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", site.html(PRINT_PAGE))).split())
    missing = [
        page for page in site.pages()
        if page not in ("404.html", PRINT_PAGE) and _title(site.html(page)) not in printed
    ]
    assert not missing, f"not on the print page: {missing}"


def test_checklists_print_with_their_boxes(browser: Any, site: Site) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(site.address(PRINT_PAGE))
    page.emulate_media(media="print")
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.task-list-indicator')).map(i => {
             const box = getComputedStyle(i, '::before');
             return {style: box.borderTopStyle, width: parseFloat(box.borderTopWidth),
                     size: parseFloat(box.width), mask: box.maskImage,
                     checked: i.previousElementSibling.checked, content: box.content};
           })"""
    )
    if site.name == "demo":
        assert boxes, "the demo's checklists are on the print page"
    for box in boxes:
        assert box["style"] == "solid" and box["width"] > 0 and box["size"] > 5, box
        assert box["mask"] == "none", box
        assert ("✓" in box["content"]) == box["checked"], box
    bars = page.locator(".playbook-checklist__bar")
    assert all(not bars.nth(i).is_visible() for i in range(bars.count()))
    context.close()


def test_examples_filter_by_topic(browser: Any, site: Site) -> None:
    """A topic button shows just that topic's cases; pressed again, or a link, shows all."""
    path = "examples/index.html"
    if path not in site.pages():
        pytest.skip("this site has no example collection")
    blocks = re.findall(
        r'<span data-topic="([^"]+)" data-label="([^"]+)" data-cases="([^"]+)"', site.html(path)
    )
    cases = {case for *_, ids in blocks for case in ids.split()}
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(site.address(path))
    status = page.locator(".playbook-filter__status")
    total = len(cases)
    assert status.inner_text() == wording(site, "examples.filter.status", shown=total, total=total)
    _, label, ids = min(blocks, key=lambda block: len(block[2].split()))
    shown = ids.split()
    button = page.get_by_role("button", name=f"{label} ({len(shown)})")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    visible = [c for c in sorted(cases) if page.locator(f"[id='{c}']").locator("..").is_visible()]
    assert visible == sorted(shown)
    assert status.inner_text() == wording(
        site, "examples.filter.status", shown=len(shown), total=total
    )
    hidden = sorted(cases - set(shown))[0]
    page.evaluate(f"window.location.hash = '{hidden}'")
    page.locator(f"[id='{hidden}']").locator("..").wait_for(state="visible")
    assert status.inner_text() == wording(site, "examples.filter.status", shown=total, total=total)
    button.click()
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert status.inner_text() == wording(site, "examples.filter.status", shown=total, total=total)
    context.close()


def test_examples_without_javascript_show_every_case(browser: Any, site: Site) -> None:
    path = "examples/index.html"
    if path not in site.pages():
        pytest.skip("this site has no example collection")
    context, _ = open_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.address(path))
    assert page.locator(".playbook-filter__bar").count() == 0
    assert not page.locator("div.playbook-filter").is_visible()
    anchors = page.locator("h3 > a[id^='example-']")
    assert anchors.count() > 1
    assert all(anchors.nth(i).locator("..").is_visible() for i in range(anchors.count()))
    context.close()
