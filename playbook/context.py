"""What the templates see: the policy plus everything derived from it, computed once.

Logic lives here (which settings apply to an account, its bio, its page path, which examples
fit the strategy); wording lives in the templates and the catalogs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from playbook.library import Library
from playbook.model import Effective, LegalRule, LibraryExample, Network, Policy
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


@dataclass
class Context:
    """Everything the templates may use, computed once per build."""

    policy: Policy
    library: Library
    networks: dict[str, Network]
    accounts: list[AccountView]
    examples: list[LibraryExample]
    legal_rules: list[LegalRule]
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    """The policy file as the user named it; findings and errors cite it."""
    document: Document | None = None
    """The parsed policy with the line and column of every value (see ``Document.position``)."""

    @cached_property
    def staffing(self) -> list[TeamWeek]:
        """Each staffing team's week, computed once for the pages and the checks."""
        return weeks(self.policy)

    def as_dict(self) -> dict[str, Any]:
        """The template namespace."""
        return {
            "policy": self.policy,
            "company": self.policy.company,
            "networks": self.networks,
            "accounts": self.accounts,
            "examples": self.examples,
            "legal_rules": self.legal_rules,
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


def build(policy: Policy, library: Library, renderer: Renderer) -> Context:
    """Derive the template context from a validated policy."""
    networks = {**library.networks, **policy.networks}
    effective = [policy.effective(a) for a in policy.accounts]
    slugs = _unique_slugs([a.handle for a in policy.accounts])
    accounts = [
        AccountView(
            effective=e,
            slug=slug,
            network=networks[e.account.network],
            bio=render_bio(policy, e, str(renderer.hours(e.hours)) if e.hours else ""),
        )
        for e, slug in zip(effective, slugs, strict=True)
    ]
    disabled = set(policy.examples.disabled)
    examples = [e for key, e in sorted(library.examples.items()) if key not in disabled]
    examples += list(policy.examples.custom)
    return Context(
        policy=policy,
        library=library,
        networks=networks,
        accounts=accounts,
        examples=examples,
        legal_rules=library.legal_rules(policy.company.country),
    )
