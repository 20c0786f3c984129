"""What the templates see: the policy plus everything derived from it, computed once.

Logic lives here (which settings apply to an account, its bio, its page path, which examples
fit the strategy); wording lives in the templates and the catalogs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from playbook import checklists as checklists_module
from playbook import flow as flow_module
from playbook.library import Library
from playbook.model import (
    TOPICS,
    ChannelRole,
    Effective,
    Language,
    LegalRule,
    LibraryExample,
    Member,
    Network,
    Policy,
    Topic,
)
from playbook.render import Renderer
from playbook.staffing import TeamWeek, weeks
from playbook.yamldata import Document

_TRANSLITERATE = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)


MAX_SLUG = 60
"""Characters of a page name: a 300-character handle would exceed the file system's limit."""
_RESERVED = {"index", "readme", "con", "prn", "aux", "nul"} | {
    f"{device}{n}" for device in ("com", "lpt") for n in range(10)
}
"""Names that would replace a section's own page (``accounts/index.md``) or that Windows
refuses as file names."""


def slugify(text: str) -> str:
    """A safe, stable file name: ASCII letters, digits, ``-`` and ``_``; may be empty.

    No slashes, dots or spaces survive, so ``../`` cannot leave the folder and a leading dot
    cannot hide the page; umlauts are transliterated, emoji dropped.
    """
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    text = text.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9_]+", "-", text).strip("-_")
    return slug[:MAX_SLUG].rstrip("-_")


@dataclass(frozen=True)
class AccountView:
    """An account as the pages show it."""

    effective: Effective
    slug: str
    network: Network
    bio: str | None
    hours_text: str = ""

    @property
    def account(self) -> Any:
        """The account as written in the policy."""
        return self.effective.account

    @property
    def bio_length(self) -> int:
        """Characters of the bio, as the network counts them (code points)."""
        return len(self.bio or "")

    @property
    def bio_too_long(self) -> bool:
        """Whether the bio exceeds the network's limit."""
        limit = self.network.bio_limit
        return limit is not None and self.bio_length > limit

    @property
    def bio_lacks_hours(self) -> bool:
        """Whether an answering account's bio leaves out when it answers."""
        return bool(self.effective.answers and self.hours_text and self.bio) and (
            self.hours_text not in (self.bio or "")
        )


def localized(texts: dict[Language, str], language: Language) -> str | None:
    """The text in the site language, else in the other one (a case written in one only)."""
    return texts.get(language) or next(iter(texts.values()), None)


@dataclass(frozen=True)
class ExampleView:
    """A best-practice case in the site language, with its anchor on the Examples page."""

    example: LibraryExample
    title: str
    story: str
    lesson: str
    suits: bool

    @property
    def anchor(self) -> str:
        """Stable anchor on the Examples page (ids are already lowercase and hyphenated)."""
        return f"example-{self.example.id}"


@dataclass(frozen=True)
class LegalView:
    """A legal rule in the site language."""

    id: str
    title: str
    text: str
    scope: Literal["general", "country"]


@dataclass(frozen=True)
class Signer:
    """How one team member appears under a reply."""

    signature: str
    name: str


@dataclass(frozen=True)
class RosterEntry:
    """The people who answer on one account."""

    view: AccountView
    signers: list[Signer]

    @property
    def names_only(self) -> bool:
        """Whether replies are signed with the plain name, so a second column would repeat it."""
        return all(s.signature == s.name for s in self.signers)


@dataclass
class Context:
    """Everything the templates may use, computed once per build."""

    policy: Policy
    library: Library
    networks: dict[str, Network]
    accounts: list[AccountView]
    examples: list[LibraryExample]
    legal_rules: list[LegalRule]
    example_views: list[ExampleView] = field(default_factory=list)
    legal: list[LegalView] = field(default_factory=list)
    roster: list[RosterEntry] = field(default_factory=list)
    checklists: checklists_module.Checklists | None = None
    flow: flow_module.Flow | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    """The policy file as the user named it; findings and errors cite it."""
    document: Document | None = None
    """The parsed policy with the line and column of every value (see ``Document.position``)."""

    @cached_property
    def staffing(self) -> list[TeamWeek]:
        """Each staffing team's week, computed once for the pages and the checks."""
        return weeks(self.policy)

    @property
    def examples_by_topic(self) -> dict[Topic, list[ExampleView]]:
        """Per topic, the cases that fit the company's strategy (for the section pages)."""
        return {
            topic: [v for v in self.example_views if v.suits and topic in v.example.topics]
            for topic in TOPICS
        }

    @property
    def topics(self) -> list[Topic]:
        """The topics at least one shown case illustrates, in the library's order."""
        return [t for t in TOPICS if any(t in v.example.topics for v in self.example_views)]

    def as_dict(self) -> dict[str, Any]:
        """The template namespace."""
        return {
            "policy": self.policy,
            "company": self.policy.company,
            "networks": self.networks,
            "accounts": self.accounts,
            "examples": self.examples,
            "legal_rules": self.legal_rules,
            "legal": self.legal,
            "example_views": self.example_views,
            "examples_by_topic": self.examples_by_topic,
            "topics": self.topics,
            "roster": self.roster,
            "checklists": self.checklists,
            "flow": self.flow,
            "changelog": sorted(self.policy.changelog, key=lambda c: c.date, reverse=True),
            **self.extra,
        }


def _unique_slugs(names: list[str], fallback: str = "account") -> list[str]:
    """One distinct page name per name, in order: a clash gets ``-2``, ``-3``...

    Checked against every name given out, not only against the base name, so ``@shop``,
    ``shop`` and ``@shop-2`` cannot end up writing the same page.
    """
    used: set[str] = set()
    slugs = []
    for name in names:
        base = slugify(name) or fallback
        if base in _RESERVED:
            base = f"{base}-{fallback}"
        slug, count = base, 1
        while slug in used:
            count += 1
            slug = f"{base}-{count}"
        used.add(slug)
        slugs.append(slug)
    return slugs


def render_bio(policy: Policy, view: Effective, hours: str) -> str | None:
    """The account's bio as written, else from the bio template."""
    if view.account.bio:
        return view.account.bio
    template = policy.branding.bio_template if policy.branding else None
    if not template:
        return None
    return template.format(
        company=policy.company.name,
        name=view.account.name or policy.company.name,
        handle=view.account.handle,
        hours=hours,
        legal_notice=policy.company.legal_notice_url or "",
    ).strip()


def example_views(
    examples: list[LibraryExample], language: Language, roles: set[ChannelRole]
) -> list[ExampleView]:
    """The cases in the site language; ``suits`` when a case fits one of the accounts' roles."""
    return [
        ExampleView(
            example=e,
            title=localized(e.title, language) or e.who,
            story=localized(e.story, language) or "",
            lesson=localized(e.lesson, language) or "",
            suits=not e.roles or bool(roles & set(e.roles)),
        )
        for e in examples
    ]


def signature(policy: Policy, member: Member) -> str:
    """How ``member`` signs a reply, following the policy's sign-off format."""
    sign_off = policy.voice.sign_off if policy.voice else None
    if sign_off and sign_off.format:
        return sign_off.format.replace("{initials}", member.initials).replace(
            "{name}", member.name
        )
    if sign_off and sign_off.convention == "first_name":
        return member.name
    return member.initials


def roster(policy: Policy, accounts: list[AccountView]) -> list[RosterEntry]:
    """Per account, who answers there: the members named for it, or those named for all.

    Accounts that do not answer requests appear only when someone is named for them.
    """
    named: dict[str, set[int]] = {}
    for i, member in enumerate(policy.team):
        for handle in member.accounts:
            named.setdefault(handle.lower(), set()).add(i)
    everywhere = {i for i, member in enumerate(policy.team) if not member.accounts}
    entries = []
    for view in accounts:
        chosen = named.get(view.account.handle.lower(), set())
        if view.effective.answers:
            chosen = chosen | everywhere
        members = [policy.team[i] for i in sorted(chosen)]
        if members:
            entries.append(
                RosterEntry(view, [Signer(signature(policy, m), m.name) for m in members])
            )
    return entries


def build(policy: Policy, library: Library, renderer: Renderer) -> Context:
    """Derive the template context from a validated policy."""
    networks = {**library.networks, **policy.networks}
    effective = [policy.effective(a) for a in policy.accounts]
    slugs = _unique_slugs([a.handle for a in policy.accounts])
    hours = [str(renderer.hours(e.hours)) if e.hours else "" for e in effective]
    accounts = [
        AccountView(
            effective=e,
            slug=slug,
            network=networks[e.account.network],
            bio=render_bio(policy, e, text),
            hours_text=text,
        )
        for e, slug, text in zip(effective, slugs, hours, strict=True)
    ]
    disabled = set(policy.examples.disabled)
    examples = [e for key, e in sorted(library.examples.items()) if key not in disabled]
    examples += list(policy.examples.custom)
    language = policy.company.language
    legal_rules = library.legal_rules(policy.company.country)
    general = {rule.id for rule in library.legal.general}
    return Context(
        policy=policy,
        library=library,
        networks=networks,
        accounts=accounts,
        examples=examples,
        legal_rules=legal_rules,
        example_views=example_views(examples, language, {v.effective.role for v in accounts}),
        legal=[
            LegalView(
                r.id,
                localized(r.title, language) or r.id,
                localized(r.text, language) or "",
                "general" if r.id in general else "country",
            )
            for r in legal_rules
        ],
        roster=roster(policy, accounts),
        checklists=checklists_module.build(policy, accounts, legal_rules, renderer),
        flow=flow_module.build(policy, renderer),
    )
