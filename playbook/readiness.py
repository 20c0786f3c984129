"""The readiness scorecard: the six success factors, what the policy does for each, and a score.

A factor's score has two parts. Coverage: the share of the factor's questions the policy
answers (3 points when all are answered, 2 from two thirds, 1 from one third). Deductions:
each open check finding of that factor takes points off (an error 2, a warning 1; advice is
listed but costs nothing). The score never drops below 0. Questions that do not apply (a
distribution channel needs no triage matrix) are left out rather than counted as open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from playbook.checks import FACTORS, Factor, Finding
from playbook.context import Context

MAX_SCORE = 3
DEDUCTION = {"error": 2, "warning": 1, "advice": 0}


@dataclass(frozen=True)
class Item:
    """One question behind a factor and whether the policy answers it."""

    key: str
    """Wording key under ``readiness.item``."""
    done: bool


@dataclass(frozen=True)
class FactorScore:
    """A factor's line on the scorecard."""

    factor: Factor
    items: tuple[Item, ...]
    findings: tuple[Finding, ...]

    @property
    def answered(self) -> int:
        """How many of the factor's questions the policy answers."""
        return sum(item.done for item in self.items)

    @property
    def coverage(self) -> int:
        """Points for answered questions, 0 to ``MAX_SCORE``."""
        if not self.items:
            return MAX_SCORE
        return MAX_SCORE * self.answered // len(self.items)

    @property
    def deduction(self) -> int:
        """Points the findings take off."""
        return sum(DEDUCTION[f.severity] for f in self.findings)

    @property
    def score(self) -> int:
        """Coverage less deductions, never below 0."""
        return max(0, self.coverage - self.deduction)


Questions = Callable[[Context], Iterator[Item]]


def _channel(ctx: Context) -> Iterator[Item]:
    strategy = ctx.policy.strategy
    yield Item("role_reasoned", bool(strategy.rationale))
    yield Item("audience_checked", bool(strategy.audience_check and strategy.audience_check.done))
    yield Item("listen_first", bool(strategy.listen_first))
    yield Item("voice", ctx.policy.voice is not None)
    yield Item("naming", ctx.policy.naming is not None)


def _answers(ctx: Context) -> bool:
    return any(view.effective.answers for view in ctx.accounts)


def _speed(ctx: Context) -> Iterator[Item]:
    moderation = ctx.policy.moderation
    yield Item("private_contact", bool(moderation and moderation.contact))
    if not _answers(ctx):
        return
    service = ctx.policy.service
    yield Item("triage", bool(service and service.triage))
    yield Item("escalation", bool(service and service.escalation))
    yield Item("outside_hours", bool(service and service.outside_hours))
    yield Item("team", bool(ctx.policy.team))


def _technology(ctx: Context) -> Iterator[Item]:
    policy = ctx.policy
    yield Item("tools", bool(policy.tools))
    yield Item("leavers", bool(policy.access and policy.access.leavers))
    yield Item("credentials", bool(policy.access and policy.access.shared_passwords))
    yield Item("listening_tools", bool(policy.monitoring and policy.monitoring.tools))
    if _answers(ctx):
        yield Item(
            "early_warning", bool(policy.monitoring and policy.monitoring.thresholds)
        )


def _relevance(ctx: Context) -> Iterator[Item]:
    policy = ctx.policy
    yield Item("key_rules", bool(policy.strategy.key_rules))
    yield Item("content", all(view.account.content for view in ctx.accounts))
    yield Item("do_dont", bool(policy.voice and (policy.voice.do or policy.voice.dont)))
    yield Item("kpis", bool(policy.strategy.kpis))
    yield Item("bios", all(view.bio for view in ctx.accounts))


def _knowledge(ctx: Context) -> Iterator[Item]:
    policy = ctx.policy
    yield Item("connected", any(tool.connected_to for tool in policy.tools))
    if not _answers(ctx):
        return
    service = policy.service
    yield Item("faq", bool(service and service.faq))
    yield Item("private_messages", bool(service and service.private_messages))
    yield Item(
        "shared_tool", all(view.account.tool for view in ctx.accounts if view.effective.answers)
    )


def _ideas(ctx: Context) -> Iterator[Item]:
    policy = ctx.policy
    yield Item("participation", bool(policy.strategy.participation))
    yield Item("training", bool(policy.employees and policy.employees.training))
    yield Item("examples", bool(ctx.examples))
    yield Item("changelog", bool(policy.changelog))
    yield Item("reviewed", all(view.account.last_review for view in ctx.accounts))


QUESTIONS: dict[Factor, Questions] = {
    "channel": _channel,
    "speed": _speed,
    "technology": _technology,
    "relevance": _relevance,
    "knowledge": _knowledge,
    "ideas": _ideas,
}


@dataclass(frozen=True)
class Scorecard:
    """All six factors, and the sum the page shows as the overall value."""

    factors: tuple[FactorScore, ...]
    max_score: int = MAX_SCORE

    @property
    def total(self) -> int:
        """The sum of the factors' scores."""
        return sum(f.score for f in self.factors)

    @property
    def maximum(self) -> int:
        """The best possible sum."""
        return self.max_score * len(self.factors)


def scorecard(ctx: Context, findings: list[Finding]) -> Scorecard:
    """One line per success factor, in the order of :data:`playbook.checks.FACTORS`."""
    return Scorecard(
        tuple(
            FactorScore(
                factor,
                tuple(QUESTIONS[factor](ctx)),
                tuple(f for f in findings if f.factor == factor),
            )
            for factor in FACTORS
        )
    )
