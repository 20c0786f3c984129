"""The response and escalation flow: what happens to an incoming message, step by step.

One structure feeds both the Mermaid flowchart and its text equivalent, so the two cannot
drift apart. Labels are wording keys plus values; the template words them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from playbook.model import Policy
from playbook.render import Renderer


@dataclass(frozen=True)
class Label:
    """Wording key ``flow.<key>`` and the values it is filled with."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Branch:
    """One answer to a step's question: ``then`` happens; ``goes_on`` leads to the next step.

    Without ``then`` the answer leads straight to the next step.
    """

    when: Label
    then: Label | None = None
    goes_on: bool = True


@dataclass(frozen=True)
class Step:
    """A question the agent answers about the message."""

    question: Label
    branches: tuple[Branch, ...]


@dataclass(frozen=True)
class Node:
    """A box of the flowchart."""

    id: str
    shape: str
    label: Label


@dataclass(frozen=True)
class Edge:
    """An arrow of the flowchart, optionally labelled."""

    source: str
    target: str
    label: Label | None = None


@dataclass(frozen=True)
class Flow:
    """The steps in order, and the same as a graph for the flowchart."""

    steps: tuple[Step, ...]

    @property
    def graph(self) -> tuple[list[Node], list[Edge]]:
        """Nodes and edges: a start box, a decision per step, an action box per outcome.

        Node ids avoid Mermaid's keywords (``end``, ``graph``...).
        """
        nodes = [Node("begin", "start", Label("start"))]
        edges: list[Edge] = []
        pending: list[tuple[str, Label | None]] = [("begin", None)]
        for i, step in enumerate(self.steps, 1):
            step_id = f"s{i}"
            nodes.append(Node(step_id, "decision", step.question))
            edges += [Edge(source, step_id, label) for source, label in pending]
            pending = []
            for j, branch in enumerate(step.branches, 1):
                if branch.then is None:
                    pending.append((step_id, branch.when))
                    continue
                node_id = f"{step_id}_{j}"
                nodes.append(Node(node_id, "action", branch.then))
                edges.append(Edge(step_id, node_id, branch.when))
                if branch.goes_on:
                    pending.append((node_id, None))
        if pending:
            nodes.append(Node("finish", "end", Label("end")))
            edges += [Edge(source, "finish", label) for source, label in pending]
        return nodes, edges


def build(policy: Policy, renderer: Renderer) -> Flow | None:
    """The flow the policy's service answers describe; None without any of them."""
    service = policy.service
    if service is None:
        return None
    steps: list[Step] = []
    if service.hours or any(a.hours for a in policy.accounts):
        outside = (
            Label("outside_hours", {"rule": service.outside_hours})
            if service.outside_hours
            else Label("not_decided")
        )
        steps.append(
            Step(Label("q_hours"), (Branch(Label("yes")), Branch(Label("no"), outside)))
        )
    if service.response_targets:
        steps.append(
            Step(
                Label("q_priority_triage" if service.triage else "q_priority"),
                tuple(
                    Branch(
                        Label(f"priority_{t.priority}"),
                        Label("first_reply", {"within": renderer.duration(t.within)}),
                    )
                    for t in service.response_targets
                ),
            )
        )
    private = service.private_messages
    if private and (private.when or private.offline):
        branches = [Branch(Label("yes"), Label("go_private")), Branch(Label("no"), Label("public"))]
        if private.offline:
            branches.append(Branch(Label("offline_topic"), Label("offline"), goes_on=False))
        steps.append(Step(Label("q_private"), tuple(branches)))
    if service.escalation:
        branches = [
            Branch(
                Label("trigger", {"trigger": rule.trigger}),
                Label(
                    "hand_over_within" if rule.within else "hand_over",
                    {
                        "to": rule.to,
                        "within": renderer.duration(rule.within) if rule.within else "",
                    },
                ),
                goes_on=False,
            )
            for rule in service.escalation
        ]
        branches.append(Branch(Label("none_applies"), Label("close"), goes_on=False))
        steps.append(Step(Label("q_escalate"), tuple(branches)))
    return Flow(tuple(steps)) if steps else None
