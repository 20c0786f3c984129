"""Consistency checks: answers that each validate but together contradict or leave gaps.

Validation (the loader) rejects a policy that cannot be read; these rules look at a valid one
and report what a reviewer would object to: a service account that promises nothing, a bio
the network cuts off, a tool without two-factor authentication. ``playbook check`` prints the
findings, the MkDocs plugin logs them (so ``mkdocs build --strict`` gates a company's CI) and
the Readiness page scores the six success factors with them.

Each rule is a function registered with :func:`rule` under a stable id. It receives the
:class:`~playbook.context.Context` and the day to judge dates against, and yields
:class:`Hit` s: the field path and the values its wording needs. The runner adds what every
finding shares (severity, ``file:line:col``, message and fix), so a rule stays a few lines of
logic. Wording lives in ``templates/i18n/<lang>/checks.yml`` under ``checks.<id>`` (or
``checks.<id>.<variant>``) as ``message`` and ``fix``: English for the command line and the
build log, the site's language on the Readiness page. A rule defined in another module
registers the same way; import that module at the end of this one so the rule is always
present.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from playbook.context import AccountView, Context
from playbook.errors import PlaybookError, Problem
from playbook.loader import dotted
from playbook.model import Access, OpeningHours
from playbook.render import Catalog
from playbook.resources import shipped
from playbook.yamldata import Document

Severity = Literal["error", "warning", "advice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "advice")

Factor = Literal["channel", "speed", "technology", "relevance", "knowledge", "ideas"]
FACTORS: tuple[Factor, ...] = ("channel", "speed", "technology", "relevance", "knowledge", "ideas")
"""The six success factors of social-media work, in the order the Readiness page lists them:
the channel thought anew, fast interaction, the necessary technology, relevance, all customer
knowledge, ideas that fit the channel. Every rule lowers the score of one of them."""

PRODUCTIVE_HOURS_PER_PERSON = 30
"""Hours a full-time person spends at the inbox in a week: about 38 working hours, less
roughly a fifth for breaks, training, meetings, holidays and sickness."""

Path = tuple[str | int, ...]
Params = Mapping[str, str | int]


@dataclass(frozen=True)
class Hit:
    """What a rule reports: the field at fault and the values its wording needs.

    ``where`` names the field to point at when ``path`` does not exist yet (a missing section
    is best found next to the answer that makes it necessary). ``variant`` selects a second
    wording of the same rule (``checks.<id>.<variant>``).
    """

    path: Path
    params: Params = field(default_factory=dict)
    variant: str | None = None
    where: Path | None = None


Check = Callable[[Context, dt.date], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A registered consistency rule."""

    id: str
    severity: Severity
    factor: Factor
    check: Check

    @property
    def summary(self) -> str:
        """The first line of the rule's docstring: what it looks for."""
        return (self.check.__doc__ or "").strip().splitlines()[0]


RULES: dict[str, Rule] = {}
"""Every rule by id, in registration order (which is also the order of ``--help`` lists)."""


def rule(rule_id: str, severity: Severity, factor: Factor) -> Callable[[Check], Check]:
    """Register ``check`` under ``rule_id``; ids are stable, since CI configurations cite them."""
    if severity not in SEVERITIES or factor not in FACTORS:
        raise ValueError(f"rule {rule_id}: unknown severity {severity!r} or factor {factor!r}")

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id!r} is registered twice")
        RULES[rule_id] = Rule(rule_id, severity, factor, check)
        return check

    return register


@dataclass(frozen=True)
class Finding:
    """One rule's objection, located in the policy file."""

    rule: str
    severity: Severity
    factor: Factor
    path: str
    file: str
    line: int
    column: int
    message: str
    fix: str
    key: str
    """Catalog key of the wording (``checks.<id>`` or ``checks.<id>.<variant>``)."""
    params: Params = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity} {self.rule}: "
            f"{self.message} (fix: {self.fix})"
        )

    def as_json(self) -> dict[str, Any]:
        """The finding as the JSON output lists it."""
        return {
            "id": self.rule,
            "severity": self.severity,
            "path": self.path,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "fix": self.fix,
            "factor": self.factor,
        }


def default_today() -> dt.date:
    """Today, unless ``SOURCE_DATE_EPOCH`` pins the day (reproducible builds and tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def run(
    ctx: Context,
    *,
    today: dt.date | None = None,
    rules: Iterable[Rule] | None = None,
    catalog: Catalog | None = None,
) -> list[Finding]:
    """Apply every rule (or ``rules``) to the policy; findings in file order, errors first."""
    today = today or default_today()
    catalog = catalog or _english()
    doc = ctx.document or Document(data=None)
    findings = [
        _finding(r, hit, ctx.source, doc, catalog)
        for r in (RULES.values() if rules is None else rules)
        for hit in r.check(ctx, today)
    ]
    order = {severity: i for i, severity in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (f.line, f.column, order[f.severity], f.rule, f.path))


@lru_cache(maxsize=1)
def _english() -> Catalog:
    """The shipped English wording: the command line and the build log speak English."""
    return Catalog("en", [shipped("templates")])


def _finding(r: Rule, hit: Hit, source: str, doc: Document, catalog: Catalog) -> Finding:
    key = f"checks.{r.id}" + (f".{hit.variant}" if hit.variant else "")
    line, column = doc.position(hit.where if hit.where is not None else hit.path)
    return Finding(
        rule=r.id,
        severity=r.severity,
        factor=r.factor,
        path=dotted(hit.path),
        file=source,
        line=line,
        column=column,
        message=_plain(catalog, f"{key}.message", hit.params),
        fix=_plain(catalog, f"{key}.fix", hit.params),
        key=key,
        params=hit.params,
    )


def _plain(catalog: Catalog, key: str, params: Params) -> str:
    """Wording as plain text for a terminal or a log (the page escapes it instead)."""
    try:
        return catalog.strings[key].format(**params)
    except KeyError as error:
        raise KeyError(f"no wording for {key!r} (or its value {error}) in i18n/en/") from None


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many findings of each severity."""
    tally: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        tally[finding.severity] += 1
    return tally


def failed(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    """Whether the findings fail a check: errors always, warnings too when ``strict``."""
    tally = counts(findings)
    return tally["error"] > 0 or (strict and tally["warning"] > 0)


def summary(findings: list[Finding], source: str) -> str:
    """One line for the end of a report: what was checked and what it found."""
    if not findings:
        return f"{source}: no findings ({len(RULES)} rules checked)"
    tally = counts(findings)
    parts = [
        f"{tally['error']} error" + ("s" if tally["error"] != 1 else ""),
        f"{tally['warning']} warning" + ("s" if tally["warning"] != 1 else ""),
        f"{tally['advice']} advice",
    ]
    return f"{source}: {', '.join(parts)} ({len(RULES)} rules checked)"


def error_json(error: PlaybookError, source: str) -> list[dict[str, Any]]:
    """Validation errors in the shape of findings, so CI tools read one format.

    An error without a place in the file (the file is missing or unreadable) has no line.
    """
    problems = error.problems or (
        Problem(source, 0, 0, "", str(error).removeprefix(f"{source}: ")),
    )
    return [
        {
            "id": "validation",
            "severity": "error",
            "path": p.path,
            "file": p.file,
            "line": p.line or None,
            "column": p.column or None,
            "message": p.message,
            "fix": "",
        }
        for p in problems
    ]


def to_json(items: Iterable[Mapping[str, Any]]) -> str:
    """A JSON list, one object per finding, stable key order."""
    return json.dumps(list(items), indent=2, ensure_ascii=False)


def _answering(ctx: Context) -> Iterator[tuple[int, AccountView]]:
    """Accounts that answer requests (hybrid or service), with their index in the policy."""
    for i, view in enumerate(ctx.accounts):
        if view.effective.answers:
            yield i, view


def weekly_hours(hours: Iterable[OpeningHours]) -> float:
    """Open hours per week."""
    total = 0
    for stretch in hours:
        start = int(stretch.open[:2]) * 60 + int(stretch.open[3:])
        end = int(stretch.close[:2]) * 60 + int(stretch.close[3:])
        total += (end - start) * len(stretch.days)
    return total / 60


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or the month's last day, if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@rule("service-hours", "error", "speed")
def _service_hours(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """A service or hybrid account without opening hours promises nothing about when it answers."""
    for i, view in _answering(ctx):
        if not view.effective.hours:
            yield Hit(("accounts", i, "hours"), {"handle": view.account.handle})


@rule("service-targets", "error", "speed")
def _service_targets(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """A service or hybrid account without a response target leaves "how fast?" open."""
    for i, view in _answering(ctx):
        if not view.effective.response_targets:
            yield Hit(("accounts", i, "response_targets"), {"handle": view.account.handle})


@rule("staffing-roster", "warning", "speed")
def _staffing_roster(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """The roster of an account is too small to staff its opening hours.

    A head count, not a queueing model: the weekly open hours divided by
    ``PRODUCTIVE_HOURS_PER_PERSON`` is the least number of people who can keep the account
    staffed at all, whatever the volume. Team members without an account list count for every
    account. Capacity planning from message volumes (Erlang C, hour by hour) is a separate rule;
    this one needs nothing but the roster and the hours, so it applies to every policy that
    lists a team.
    """
    team = ctx.policy.team
    if not team:
        return
    # Counted once up front: per account, scanning the whole roster is quadratic in the size of
    # a large organisation (1,000 accounts, 500 members: 0.3 s of a 0.5 s check).
    everywhere = sum(1 for m in team if not m.accounts)
    rostered = Counter(h for m in team for h in {a.lower() for a in m.accounts})
    for i, view in _answering(ctx):
        e = view.effective
        if not e.hours or not e.response_targets:
            continue
        planned = everywhere + rostered[view.account.handle.lower()]
        hours = weekly_hours(e.hours)
        needed = math.ceil(hours / PRODUCTIVE_HOURS_PER_PERSON)
        if planned < needed:
            fastest = min(t.within for t in e.response_targets)
            yield Hit(
                ("accounts", i),
                {
                    "handle": view.account.handle,
                    "hours": math.ceil(hours),
                    "minutes": math.ceil(fastest),
                    "needed": needed,
                    "planned": planned,
                },
            )


@rule("team-roster", "advice", "speed")
def _team_roster(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """Accounts promise response times, but no team is listed to keep them."""
    if ctx.policy.team:
        return
    promising = [v.account.handle for _, v in _answering(ctx) if v.effective.response_targets]
    if promising:
        yield Hit(("team",), {"handles": ", ".join(promising)}, where=("accounts",))


@rule("staffing-gap", "warning", "speed")
def _staffing_gap(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """In some hours the planned staff cannot keep the response targets (Erlang C).

    Hours with the same shortfall are reported once, as a range ('Mon-Fri 18-20'), at the plan
    line that sets the range's first hour. The queueing model lives in :mod:`playbook.staffing`.
    """
    for week in ctx.staffing:
        for span in week.gaps():
            planned, needed, target = span.key
            line = week.plan_line(span.days[0], span.start)
            yield Hit(
                ("service", "staffing", week.index, "plan", *((line,) if line else ())),
                {
                    "team": week.team.team,
                    "range": span.label(),
                    "hours": span.policy_label(),
                    "planned": planned,
                    "needed": needed,
                    "target": target.describe(),
                    "share": target.share_label,
                    "within": target.within_label,
                },
            )


_TIME = re.compile(
    r"\d{1,2}[:.]\d{2}|\b\d{1,2}\s*(?:-|–|bis|to)\s*\d{1,2}\s*(?:uhr|h|am|pm)\b"
    r"|\b\d{1,2}\s*(?:uhr|am|pm)\b|24/7|rund um die uhr|around the clock",
    re.IGNORECASE,
)


@rule("bio-hours", "warning", "speed")
def _bio_hours(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """A service or hybrid account's bio should say when someone answers (a time of day)."""
    template = ctx.policy.branding.bio_template if ctx.policy.branding else None
    for i, view in _answering(ctx):
        if not view.effective.hours:
            continue
        params = {"handle": view.account.handle}
        if view.bio is None:
            yield Hit(("accounts", i, "bio"), params, variant="missing")
        elif not _TIME.search(view.bio):
            if view.account.bio or not template:
                yield Hit(("accounts", i, "bio"), params)
            else:
                yield Hit(("branding", "bio_template"), params, variant="template")


@rule("account-owner", "warning", "channel")
def _account_owner(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """Every account needs a person who answers for it."""
    for i, view in enumerate(ctx.accounts):
        if not view.account.owner:
            yield Hit(("accounts", i, "owner"), {"handle": view.account.handle})


@rule("private-messages-network", "warning", "knowledge")
def _private_messages_network(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """The service moves sensitive matters to private messages on a network that has none."""
    service = ctx.policy.service
    if not (service and service.private_messages and service.private_messages.when):
        return
    for i, view in _answering(ctx):
        if not view.network.private_messages:
            yield Hit(
                ("accounts", i, "network"),
                {"handle": view.account.handle, "network": view.network.name},
            )


@rule("address-form", "warning", "relevance")
def _address_form(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """A German-speaking account must decide between "du" and "Sie"."""
    for i, view in enumerate(ctx.accounts):
        if view.effective.language == "de" and view.effective.address_form is None:
            yield Hit(("accounts", i, "address_form"), {"handle": view.account.handle})


@rule("legal-notice", "error", "channel")
def _legal_notice(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """Business profiles in a country with a legal-notice duty need the notice's link.

    Which countries have the duty is data: those whose legal library holds an ``impressum`` rule.
    """
    company = ctx.policy.company
    if company.legal_notice_url or not any(r.id == "impressum" for r in ctx.legal_rules):
        return
    business = [v.account.handle for v in ctx.accounts if v.network.business_profile]
    if business:
        yield Hit(
            ("company", "legal_notice_url"),
            {"country": company.country, "handles": ", ".join(business)},
        )


@rule("monitoring-keywords", "warning", "technology")
def _monitoring_keywords(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """Answering requests starts with finding them: a service strategy needs search keywords."""
    monitoring = ctx.policy.monitoring
    if monitoring and monitoring.keywords:
        return
    answering = [v.account.handle for _, v in _answering(ctx)]
    if answering:
        where: Path = ("monitoring",) if monitoring else ("strategy", "channel_role")
        yield Hit(("monitoring", "keywords"), {"handles": ", ".join(answering)}, where=where)


@rule("following-policy", "warning", "channel")
def _following_policy(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """A conversational voice needs a decision on whom to follow (and whom never)."""
    voice, following = ctx.policy.voice, ctx.policy.following
    if voice is None or voice.style != "conversational":
        return
    decided = following is not None and (
        following.follow or following.never_follow or following.unfollow_when
        or following.follow_back is not None
    )
    if not decided:
        where: Path = ("following",) if following is not None else ("voice", "style")
        yield Hit(("following",), {"style": voice.style}, where=where)


@rule("two-factor", "error", "technology")
def _two_factor(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """Where two-factor authentication is required, no tool or account may go without it."""
    access = ctx.policy.access or Access()
    if not access.two_factor_required:
        return
    for j, tool in enumerate(ctx.policy.tools):
        if not tool.two_factor:
            yield Hit(("tools", j, "two_factor"), {"tool": tool.name}, variant="tool")
    for i, view in enumerate(ctx.accounts):
        if view.account.two_factor is False:
            yield Hit(
                ("accounts", i, "two_factor"), {"handle": view.account.handle}, variant="account"
            )


@rule("review-overdue", "warning", "ideas")
def _review_overdue(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """An account's last review is older than the review interval."""
    months = ctx.policy.status.review_interval_months
    for i, view in enumerate(ctx.accounts):
        last = view.account.last_review
        if last is None:
            continue
        due = _add_months(last, months)
        if due < today:
            yield Hit(
                ("accounts", i, "last_review"),
                {
                    "handle": view.account.handle,
                    "last": last.isoformat(),
                    "due": due.isoformat(),
                    "months": months,
                },
            )


@rule("sign-off-initials", "error", "channel")
def _sign_off_initials(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """Two team members with the same initials make a signed reply ambiguous."""
    first: dict[str, int] = {}
    for j, member in enumerate(ctx.policy.team):
        key = member.initials.lower()
        if key in first:
            other = ctx.policy.team[first[key]]
            yield Hit(
                ("team", j, "initials"),
                {"initials": member.initials, "name": member.name, "other": other.name},
            )
        else:
            first[key] = j


@rule("escalation-contact", "warning", "speed")
def _escalation_contact(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """An escalation rule hands messages to a team but names nobody to call."""
    service = ctx.policy.service
    for k, escalation in enumerate(service.escalation if service else []):
        if not escalation.contact:
            yield Hit(
                ("service", "escalation", k, "contact"),
                {"trigger": escalation.trigger, "to": escalation.to},
            )


@rule("handle-pattern", "warning", "channel")
def _handle_pattern(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """A handle does not follow the naming convention's pattern."""
    naming = ctx.policy.naming
    if naming is None or naming.pattern is None:
        return
    pattern = re.compile(naming.pattern)
    for i, view in enumerate(ctx.accounts):
        if not pattern.search(view.account.handle):
            yield Hit(
                ("accounts", i, "handle"),
                {"handle": view.account.handle, "pattern": naming.pattern},
            )


@rule("bio-length", "error", "relevance")
def _bio_length(ctx: Context, today: dt.date) -> Iterator[Hit]:
    """A bio longer than its network allows cannot be saved as written."""
    for i, view in enumerate(ctx.accounts):
        if view.bio_too_long:
            params = {
                "handle": view.account.handle,
                "length": view.bio_length,
                "limit": view.network.bio_limit or 0,
                "network": view.network.name,
            }
            if view.account.bio:
                yield Hit(("accounts", i, "bio"), params)
            else:
                yield Hit(("branding", "bio_template"), params, variant="template")
