"""The checklists staff tick off: launching an account, a service shift, a crisis.

Each item is a wording key plus the policy's values, so the templates word them and this module
only decides which items apply. An item the policy makes irrelevant (a bio check where no bio
is planned, a shift where no account answers) is left out; the company's own items come last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from playbook.model import LegalRule, Policy
from playbook.render import Renderer

if TYPE_CHECKING:
    from playbook.context import AccountView


QUEUES_LISTED = 15
"""Up to this many answering accounts get a queue item each on the shift checklist; more are
one item, as a shift with that many accounts works from the shared inbox, not a list."""


@dataclass(frozen=True)
class Item:
    """One line of a checklist: ``checklists.item.<key>`` filled with ``values``."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Checklists:
    """All checklists of a guideline; ``shift`` and ``crisis`` are empty when irrelevant."""

    launch: dict[str, list[Item]]
    shift: list[Item]
    crisis: list[Item]


def _own(policy: Policy, checklist: str) -> list[Item]:
    return [Item("own", {"text": i.text}) for i in policy.checklists if i.checklist == checklist]


def launch(
    policy: Policy, view: AccountView, legal_ids: set[str], renderer: Renderer
) -> list[Item]:
    """Before an account goes live (and at each review)."""
    account, effective, network = view.account, view.effective, view.network
    branding = policy.branding
    items: list[Item] = []
    if policy.naming:
        items.append(Item("naming", {"handle": account.handle}))
    owner = Item("owner", {"owner": account.owner}) if account.owner else Item("owner_missing")
    items.append(owner)
    if branding and branding.profile_image:
        items.append(Item("profile_image", {"image": branding.profile_image}))
    if branding and branding.banner:
        items.append(Item("banner", {"banner": branding.banner}))
    if view.bio:
        limit = network.bio_limit
        items.append(Item("bio_limit", {"limit": limit}) if limit else Item("bio"))
    if effective.answers and effective.hours:
        items.append(Item("bio_hours", {"hours": renderer.hours(effective.hours)}))
    if effective.answers and not network.private_messages:
        items.append(Item("no_private", {"network": network.name}))
    if network.business_profile:
        if policy.company.legal_notice_url:
            items.append(Item("legal_notice", {"url": policy.company.legal_notice_url}))
        elif "impressum" in legal_ids:
            items.append(Item("legal_notice_missing"))
    items.append(Item("two_factor"))
    if policy.access and policy.access.shared_passwords:
        items.append(Item("passwords", {"where": policy.access.shared_passwords}))
    if account.tool:
        items.append(Item("tool", {"tool": account.tool}))
    if effective.answers:
        if effective.hours:
            items.append(Item("staffed", {"hours": renderer.hours(effective.hours)}))
        if effective.response_targets:
            items.append(Item("targets"))
        if policy.team:
            items.append(Item("roster"))
    if policy.monitoring and (policy.monitoring.keywords or policy.monitoring.tools):
        items.append(Item("monitoring", {"handle": account.handle}))
    items.append(Item("url", {"url": account.url}) if account.url else Item("url_missing"))
    return items + _own(policy, "launch")


def shift(policy: Policy, accounts: list[AccountView], renderer: Renderer) -> list[Item]:
    """A service shift from log-in to hand-over; empty when no account answers requests."""
    answering = [v for v in accounts if v.effective.answers]
    if not answering:
        return _own(policy, "shift")
    service, monitoring, voice = policy.service, policy.monitoring, policy.voice
    items: list[Item] = []
    tools = sorted({v.account.tool for v in answering if v.account.tool})
    items += [Item("log_in", {"tool": tool}) for tool in tools] or [Item("log_in_accounts")]
    if service and service.outside_hours:
        items.append(Item("overnight"))
    if service and service.triage:
        items.append(Item("triage"))
    if len(answering) > QUEUES_LISTED:
        items.append(Item("queues", {"count": len(answering)}))
    for view in answering if len(answering) <= QUEUES_LISTED else ():
        key = "queue_private" if view.network.private_messages else "queue"
        items.append(Item(key, {"handle": view.account.handle, "network": view.network.name}))
    if monitoring:
        for kind in ("keywords", "misspellings", "competitors"):
            terms = getattr(monitoring, kind)
            if terms:
                items.append(Item(f"search_{kind}", {"terms": ", ".join(terms)}))
        if monitoring.frequency:
            items.append(Item("frequency", {"frequency": monitoring.frequency}))
        for threshold in monitoring.thresholds:
            items.append(
                Item(
                    "threshold",
                    {
                        "signal": threshold.signal,
                        "threshold": threshold.threshold,
                        "action": threshold.action,
                    },
                )
            )
    sign_off = voice.sign_off if voice else None
    if sign_off and sign_off.convention in ("initials", "first_name"):
        items.append(Item(f"sign_{sign_off.convention}"))
    if service and service.thank_praise:
        items.append(Item("praise"))
    if service and service.escalation:
        items.append(Item("escalations"))
    items.append(Item("handover"))
    return items + _own(policy, "shift")


def crisis(policy: Policy) -> list[Item]:
    """The crisis plan as steps to tick off; empty when the policy has no crisis plan."""
    plan = policy.crisis
    if plan is None:
        return _own(policy, "crisis")
    items: list[Item] = []
    if plan.triggers:
        items.append(Item("triggers", {"triggers": "; ".join(plan.triggers)}))
    if plan.decides:
        items.append(Item("decides", {"who": plan.decides}))
    if plan.team:
        items.append(Item("team", {"team": ", ".join(plan.team)}))
    items += [Item("own", {"text": step}) for step in plan.steps]
    if plan.scheduled_posts:
        items.append(Item("scheduled", {"rule": plan.scheduled_posts}))
    if plan.holding_statements:
        items.append(Item("holding"))
    return items + _own(policy, "crisis")


def build(
    policy: Policy, accounts: list[AccountView], legal_rules: list[LegalRule], renderer: Renderer
) -> Checklists:
    """Every checklist of the guideline."""
    legal_ids = {rule.id for rule in legal_rules}
    return Checklists(
        launch={v.slug: launch(policy, v, legal_ids, renderer) for v in accounts},
        shift=shift(policy, accounts, renderer),
        crisis=crisis(policy),
    )
