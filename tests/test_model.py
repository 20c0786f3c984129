"""The policy model documents itself: every field explains what it is for."""

from __future__ import annotations

import typing

from pydantic import BaseModel
from pydantic.types import Strict

from playbook import model


def models() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, model.Strict) and value is not model.Strict
    ]


def test_every_field_has_a_description() -> None:
    missing = [
        f"{cls.__name__}.{name}"
        for cls in models()
        for name, field in cls.model_fields.items()
        if not (field.description or "").strip()
    ]
    assert missing == []


def test_every_model_forbids_unknown_keys() -> None:
    assert all(cls.model_config.get("extra") == "forbid" for cls in models())


def _is_strict_bool(annotation: object, metadata: list[object]) -> bool:
    strict = any(isinstance(m, Strict) and m.strict for m in metadata)
    for arg in typing.get_args(annotation):
        if arg is bool:
            return False
        if typing.get_origin(arg) is typing.Annotated:
            inner, *extra = typing.get_args(arg)
            if inner is bool:
                return any(isinstance(m, Strict) and m.strict for m in extra)
    return annotation is not bool or strict


def test_booleans_are_strict() -> None:
    loose = [
        f"{cls.__name__}.{name}"
        for cls in models()
        for name, field in cls.model_fields.items()
        if not _is_strict_bool(field.annotation, field.metadata)
    ]
    assert loose == [], "use StrictBool so 'yes' or 1 is never read as true"


def test_reference_is_up_to_date() -> None:
    """REFERENCE.md is generated from the model: regenerate it with scripts/reference.py."""
    from conftest import ROOT

    from playbook.reference import markdown

    assert (ROOT / "REFERENCE.md").read_text(encoding="utf-8") == markdown()
