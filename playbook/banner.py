"""The banners above every page: DRAFT, and "read what changed" after an acknowledged change.

DRAFT shows while the guideline is not approved; the second banner follows the newest changelog
entry marked ``acknowledge``. The theme override (``templates/theme/main.html``) prints these
strings through Jinja's ``e`` filter, so they are plain text here: policy text never reaches the
page as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from playbook.context import Context
from playbook.render import Renderer

CHANGES_PAGE = "changes.md"


@dataclass(frozen=True)
class Acknowledge:
    """The newest change that staff must read; ``key`` keeps a reader's dismissal until the next."""

    key: str
    text: str
    read_label: str
    confirm_label: str
    confirm_url: str | None
    dismiss_label: str


@dataclass(frozen=True)
class Banner:
    """What the theme shows above every page; both parts may be absent."""

    draft: str | None
    draft_label: str
    acknowledge: Acknowledge | None

    @property
    def shown(self) -> bool:
        """Whether any banner is shown at all."""
        return self.draft is not None or self.acknowledge is not None


def build(ctx: Context, renderer: Renderer) -> Banner:
    """The banner texts for this policy, in the site language."""
    t = renderer.t
    status = ctx.policy.status
    pending = [c for c in ctx.policy.changelog if c.acknowledge]
    acknowledge = None
    if pending:
        newest = max(pending, key=lambda c: c.date)
        acknowledge = Acknowledge(
            key=newest.date.isoformat(),
            text=t.plain("banner.changed", date=renderer.date(newest.date), summary=newest.summary),
            read_label=t.plain("banner.read"),
            confirm_label=t.plain("banner.confirm"),
            confirm_url=status.confirmation_url,
            dismiss_label=t.plain("banner.dismiss"),
        )
    return Banner(
        draft=t.plain("banner.draft_text") if status.state == "draft" else None,
        draft_label=t.plain("banner.draft"),
        acknowledge=acknowledge,
    )
