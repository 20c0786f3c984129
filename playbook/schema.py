"""The policy's JSON Schema, generated from the model so it never drifts from validation."""

from __future__ import annotations

import json
from typing import Any

from playbook.model import Policy

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def policy_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the policy file."""
    return {"$schema": DIALECT, **Policy.model_json_schema()}


def schema_text() -> str:
    """The schema as the file ``playbook schema`` and ``playbook init`` write."""
    return json.dumps(policy_schema(), indent=2, ensure_ascii=False) + "\n"
