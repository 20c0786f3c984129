"""Which pages the guideline has, in which order, and under which navigation group.

The page list depends on the policy (one page per account, sections the policy leaves open are
left out) but not on any site generator: the MkDocs plugin, ``playbook export`` and the
benchmark all take it from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from playbook.context import Context

SECTIONS = (
    "start",
    "strategy",
    "accounts",
    "service",
    "changes",
)

ACCOUNTS_IN_NAV = 15
"""Up to this many account pages are listed in the navigation; more are reached from the
directory (and search), because every page repeats the whole navigation and the build time
would grow with the square of the number of accounts."""


@dataclass(frozen=True)
class PageSpec:
    """One generated page: where it goes, which template renders it, where it sits in the nav."""

    path: str
    template: str
    title_key: str
    group: str | None = None
    in_nav: bool = True
    title: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def plan(ctx: Context, sections: tuple[str, ...] = SECTIONS) -> list[PageSpec]:
    """The pages for this policy, in navigation order."""
    wanted = set(sections)
    pages: list[PageSpec] = []
    if "start" in wanted:
        pages.append(PageSpec("index.md", "pages/start.md", "nav.start"))
    if "strategy" in wanted:
        pages.append(PageSpec("strategy.md", "pages/strategy.md", "nav.strategy"))
    if "accounts" in wanted:
        pages.append(PageSpec("accounts/index.md", "pages/accounts.md", "nav.accounts", "accounts"))
        in_nav = len(ctx.accounts) <= ACCOUNTS_IN_NAV
        pages.extend(
            PageSpec(
                f"accounts/{view.slug}.md",
                "pages/account.md",
                "nav.account",
                "accounts",
                in_nav=in_nav,
                title=view.account.handle,
                extra={"view": view},
            )
            for view in ctx.accounts
        )
    if "service" in wanted and ctx.policy.service is not None:
        pages.append(PageSpec("service.md", "pages/service.md", "nav.service", "practice"))
    if "changes" in wanted and ctx.policy.changelog:
        pages.append(PageSpec("changes.md", "pages/changes.md", "nav.changes"))
    return pages
