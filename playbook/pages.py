"""Which pages the guideline has, in which order, and under which navigation group.

The page list depends on the policy (one page per account; a section the policy leaves out
entirely is left out) but not on any site generator: the MkDocs plugin, ``playbook export``
and the benchmark all take it from here. Each section is a small function in ``REGISTRY``; its
position there is its position in the navigation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from playbook.context import AccountView, Context, _unique_slugs

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


Section = Callable[[Context], Iterator[PageSpec]]


def _start(ctx: Context) -> Iterator[PageSpec]:
    yield PageSpec("index.md", "pages/start.md", "nav.start")


def _strategy(ctx: Context) -> Iterator[PageSpec]:
    yield PageSpec("strategy.md", "pages/strategy.md", "nav.strategy")


def _accounts(ctx: Context) -> Iterator[PageSpec]:
    in_nav = len(ctx.accounts) <= ACCOUNTS_IN_NAV
    yield PageSpec(
        "accounts/index.md", "pages/accounts.md", "nav.accounts", "accounts",
        extra={
            "grouped": not in_nav,
            "divisions": [(None, ctx.accounts)] if in_nav else by_division(ctx.accounts),
        },
    )
    for view in ctx.accounts:
        yield PageSpec(
            f"accounts/{view.slug}.md",
            "pages/account.md",
            "nav.account",
            "accounts",
            in_nav=in_nav,
            title=view.account.handle,
            extra={"view": view},
        )


def by_division(accounts: list[AccountView]) -> list[tuple[str | None, list[AccountView]]]:
    """Accounts grouped by division, divisions in alphabetical order, those without one last.

    When the account pages are not in the navigation, the directory is where readers look for
    them; one section per division (each in the page's table of contents) keeps a directory of
    hundreds of accounts usable.
    """
    groups: dict[str | None, list[AccountView]] = {}
    for view in accounts:
        groups.setdefault(view.account.division, []).append(view)
    named = sorted((d for d in groups if d is not None), key=lambda d: (d.casefold(), d))
    return [(d, groups[d]) for d in [*named, *([None] if None in groups else [])]]


def _service(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.service is not None:
        yield PageSpec("service.md", "pages/service.md", "nav.service", "practice")


def _staffing(ctx: Context) -> Iterator[PageSpec]:
    slugs = _unique_slugs([week.team.team for week in ctx.staffing], fallback="team")
    for week, slug in zip(ctx.staffing, slugs, strict=True):
        yield PageSpec(
            f"staffing/{slug}.md",
            "pages/staffing.md",
            "nav.staffing",
            "staffing",
            title=week.team.team,
            extra={"team": week},
        )


def _voice(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.voice is not None:
        yield PageSpec("voice.md", "pages/voice.md", "nav.voice", "practice")


def _following(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.following is not None:
        yield PageSpec("following.md", "pages/following.md", "nav.following", "practice")


def _listening(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.monitoring is not None:
        yield PageSpec("listening.md", "pages/listening.md", "nav.listening", "practice")


def _tools(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.tools or ctx.policy.access is not None:
        yield PageSpec("tools.md", "pages/tools.md", "nav.tools", "practice")


def _branding(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.branding is not None or any(v.bio for v in ctx.accounts):
        yield PageSpec("branding.md", "pages/branding.md", "nav.branding", "practice")


def _checklists(ctx: Context) -> Iterator[PageSpec]:
    # Every account page carries its own launch checklist; the Checklists page repeats them
    # only while the accounts are few enough for the navigation, so it stays a page to read.
    inline = len(ctx.accounts) <= ACCOUNTS_IN_NAV
    yield PageSpec(
        "checklists.md", "pages/checklists.md", "nav.checklists", "practice",
        extra={"launch_inline": inline},
    )


def _employees(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.employees is not None:
        yield PageSpec("employees.md", "pages/employees.md", "nav.employees", "rules")


def _crisis(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.crisis is not None:
        yield PageSpec("crisis.md", "pages/crisis.md", "nav.crisis", "rules")


def _legal(ctx: Context) -> Iterator[PageSpec]:
    if ctx.legal:
        yield PageSpec("legal.md", "pages/legal.md", "nav.legal", "rules")


def _house_rules(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.moderation is not None:
        yield PageSpec("house-rules.md", "pages/house_rules.md", "nav.house_rules", "public")


def _team(ctx: Context) -> Iterator[PageSpec]:
    if ctx.roster:
        yield PageSpec("team.md", "pages/team.md", "nav.team", "public")


def _examples(ctx: Context) -> Iterator[PageSpec]:
    if ctx.example_views:
        yield PageSpec("examples.md", "pages/examples.md", "nav.examples")


def _readiness(ctx: Context) -> Iterator[PageSpec]:
    yield PageSpec("readiness.md", "pages/readiness.md", "nav.readiness")


def _changes(ctx: Context) -> Iterator[PageSpec]:
    if ctx.policy.changelog:
        yield PageSpec("changes.md", "pages/changes.md", "nav.changes")


REGISTRY: dict[str, Section] = {
    "start": _start,
    "strategy": _strategy,
    "accounts": _accounts,
    "voice": _voice,
    "following": _following,
    "service": _service,
    "staffing": _staffing,
    "listening": _listening,
    "tools": _tools,
    "branding": _branding,
    "checklists": _checklists,
    "employees": _employees,
    "crisis": _crisis,
    "legal": _legal,
    "house-rules": _house_rules,
    "team": _team,
    "examples": _examples,
    "readiness": _readiness,
    "changes": _changes,
}
SECTIONS = tuple(REGISTRY)


def plan(ctx: Context, sections: tuple[str, ...] = SECTIONS) -> list[PageSpec]:
    """The pages for this policy, in navigation order."""
    wanted = set(sections)
    return [spec for name, section in REGISTRY.items() if name in wanted for spec in section(ctx)]
