"""From a YAML file to a validated model, with every error pointing at its line and column."""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from playbook import yamldata
from playbook.errors import PlaybookError, Problem
from playbook.model import Network, Policy, reference_problems

M = TypeVar("M", bound=BaseModel)

MAX_BYTES = 5 * 1024 * 1024
MAX_PROBLEMS = 20


def dotted(path: tuple[str | int, ...]) -> str:
    """Render a field path the way the YAML file nests it: ``accounts.0.hours``."""
    return ".".join(str(p) for p in path)


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a byte-order mark is fine); anything else is a located error."""
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlaybookError(f"{shown}: file not found") from None
    except OSError as error:
        raise PlaybookError(f"{shown}: cannot read: {error.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise PlaybookError.from_problems(
            [
                Problem(
                    shown, 1, 1, "",
                    f"the file is {len(raw) / 1e6:.1f} MB; a policy may be at most "
                    f"{MAX_BYTES // (1024 * 1024)} MB",
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise PlaybookError.from_problems(
            [Problem(shown, line, column, "", "not UTF-8 text; save the file as UTF-8")]
        ) from None


def read_document(path: Path) -> yamldata.Document:
    """Read and parse one YAML file."""
    text = read_text(path)
    try:
        doc = yamldata.read(text)
    except yamldata.YamlProblem as problem:
        where = (problem.line, problem.column)
        raise PlaybookError.from_problems(
            [Problem(str(path), *where, dotted(problem.path), problem.message)]
        ) from None
    return doc


def validate(
    doc: yamldata.Document, model: type[M], shown: str, *, what: str = "policy"
) -> M:
    """Validate parsed data against ``model``; errors carry the line of the offending value."""
    if doc.data is None:
        raise PlaybookError.from_problems(
            [Problem(shown, 1, 1, "", f"the {what} is empty; start from `playbook init`")]
        )
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        raise PlaybookError.from_problems(
            [Problem(shown, *doc.position(()), "",
                     f"the {what} must be a mapping of sections (company:, accounts:, ...), "
                     f"not {kind}")]
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        raise PlaybookError.from_problems(_problems(error, doc, model, shown)) from None


def _problems(
    error: ValidationError, doc: yamldata.Document, model: type[BaseModel], shown: str
) -> list[Problem]:
    problems: dict[tuple[Any, ...], Problem] = {}
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        if kind == "extra_forbidden":
            line, column = doc.position(loc, key=True)
            message = f"unknown key {loc[-1]!r}" + _did_you_mean(model, loc)
        elif kind == "missing":
            line, column = doc.position(loc[:-1], key=True)
            message = f"required; add '{loc[-1]}:'"
        else:
            line, column = doc.position(loc)
            message = _message(item)
        problem = Problem(shown, line, column, dotted(loc), message)
        problems.setdefault((line, column, problem.path), problem)
    ordered = sorted(problems.values(), key=lambda p: (p.line, p.column))
    return ordered[:MAX_PROBLEMS]


def _message(item: Any) -> str:
    msg: str = item["msg"]
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    kind = item["type"]
    if kind == "bool_type":
        return "expected true or false"
    if kind == "literal_error":
        return f"{item['input']!r} is not allowed; {msg[0].lower()}{msg[1:]}"
    if kind in ("string_type", "int_type", "float_type", "list_type", "dict_type", "model_type"):
        wanted = {
            "string_type": "text", "int_type": "a whole number", "float_type": "a number",
            "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
        }[kind]
        message = f"expected {wanted}, got {_describe(item['input'])}"
        if kind == "string_type" and isinstance(item["input"], dict) and len(item["input"]) == 1:
            message += " (a ': ' inside text starts a mapping; put the text in quotes)"
        return message
    if kind == "string_pattern_mismatch" and "\\n" in str(item.get("ctx", {}).get("pattern", "")):
        return "must be a single line"
    return msg[0].lower() + msg[1:] if msg else kind


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value!r}"
    return repr(value)


def _did_you_mean(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    allowed = _fields_at(model, loc[:-1])
    if not allowed:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; allowed here: {', '.join(allowed)}"


def _fields_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys the model accepts at ``loc``, found by walking the type annotations."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        else:
            args = typing.get_args(current)
            if not args:
                return []
            current = args[-1]
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip ``X | None`` and ``Annotated[...]`` down to the type that holds the fields."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


def load_model(path: Path, model: type[M], *, what: str = "policy") -> tuple[M, yamldata.Document]:
    """Read, parse and validate one file."""
    doc = read_document(path)
    return validate(doc, model, str(path), what=what), doc


def load_policy(path: Path, networks: dict[str, Network], example_ids: set[str]) -> Policy:
    """Load the policy file and check what it refers to (networks, handles, example ids)."""
    policy, doc = load_model(path, Policy)
    known = {**networks, **policy.networks}
    problems = [
        Problem(str(path), *doc.position(loc), dotted(loc), message)
        for loc, message in reference_problems(policy, known, example_ids)
    ]
    if problems:
        raise PlaybookError.from_problems(problems[:MAX_PROBLEMS])
    return policy
