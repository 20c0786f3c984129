"""The "guideline changed" banner in a real browser: dismissed until the next such change."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Site, open_context

pytestmark = pytest.mark.browser

NOTICE = "[data-playbook-ack]"


@pytest.mark.parametrize("site", ["de"], indirect=True)
def test_reader_dismisses_the_notice_until_the_next_change(browser: Any, site: Site) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(site.url)
    notice = page.locator(NOTICE)
    assert notice.is_visible()
    button = notice.locator("button")
    assert button.get_attribute("aria-label") == "Hinweis ausblenden bis zur nächsten Änderung"
    button.click()
    assert notice.is_hidden()
    assert page.locator(".md-banner").is_hidden(), "no empty bar stays behind"

    page.goto(site.url + "service/")
    assert page.locator(NOTICE).is_hidden(), "the dismissal holds on every page"

    # A newer acknowledged change has another date: the stored one no longer matches.
    page.evaluate(
        "for (const key of Object.keys(localStorage)) {"
        " if (key.startsWith('playbook.acknowledged')) localStorage.setItem(key, '2020-01-01'); }"
    )
    page.reload()
    assert page.locator(NOTICE).is_visible()
    context.close()


@pytest.mark.parametrize("site", ["de"], indirect=True)
def test_without_javascript_the_notice_stays_and_links_work(browser: Any, site: Site) -> None:
    context, _ = open_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "accounts/nordlicht_hilft/")
    notice = page.locator(NOTICE)
    assert notice.is_visible()
    assert notice.locator("button").count() == 0
    notice.get_by_text("Lies, was sich geändert hat.").click()
    page.wait_for_url(site.url + "changes/")
    context.close()
