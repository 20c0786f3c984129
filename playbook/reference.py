"""The policy reference for authors, as Markdown, generated from the JSON Schema.

Field descriptions live once, on the model; the schema, editor hints, this reference and the
error messages all come from there.
"""

from __future__ import annotations

from typing import Any

from playbook.schema import policy_schema


def _type(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    if "anyOf" in spec:
        options = [o for o in spec["anyOf"] if o.get("type") != "null"]
        return " or ".join(_type(o, defs) for o in options)
    kind = spec.get("type")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}), defs)}"
    if kind == "object":
        values = spec.get("additionalProperties")
        return f"mapping to {_type(values, defs)}" if isinstance(values, dict) else "mapping"
    if kind == "string" and spec.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if kind == "string" and spec.get("format") == "uri":
        return "link (https://, http://, mailto:)"
    return {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "`true` \\| `false`",
    }.get(str(kind), "value")


def _ref_description(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    """Pydantic leaves out a field's description when it repeats the model's docstring."""
    ref = spec.get("$ref") or next(
        (o.get("$ref") for o in spec.get("anyOf", []) if "$ref" in o), None
    )
    return str(defs[ref.rsplit("/", 1)[-1]].get("description", "")) if ref else ""


def _table(schema: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    rows = ["| Key | Type | Required | Description |", "| --- | --- | --- | --- |"]
    for key, spec in schema.get("properties", {}).items():
        description = spec.get("description") or _ref_description(spec, defs)
        description = description.replace("|", "\\|").replace("\n", " ")
        rows.append(
            f"| `{key}` | {_type(spec, defs)} | {'yes' if key in required else ''} "
            f"| {description} |"
        )
    return rows


def markdown() -> str:
    """The whole reference: the top-level keys, then one section per nested model."""
    schema = policy_schema()
    defs = schema.get("$defs", {})
    lines = [
        "# Policy reference",
        "",
        "Generated from the policy model by `python scripts/reference.py`; do not edit by hand.",
        "Durations read `30 min`, `2 h` or `1 d`; times `HH:MM`; weekdays `mon-fri`.",
        "",
        "## Policy",
        "",
        *_table(schema, defs),
    ]
    for name in sorted(defs):
        spec = defs[name]
        lines += ["", f"## {name}", ""]
        if spec.get("description"):
            lines += [spec["description"].strip(), ""]
        lines += _table(spec, defs)
    return "\n".join(lines) + "\n"
