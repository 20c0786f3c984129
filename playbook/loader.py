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
    """Render a field path the way the YAML file nests it: ``accounts.0.hours``.

    Keys come from the file, so one that is very long or holds control characters (a terminal
    escape sequence, say) is shortened and escaped rather than printed as it is.
    """
    return ".".join(_key(p) for p in path)


def _key(part: str | int) -> str:
    text = str(part)
    if not text.isprintable() or len(text) > 40:
        return shorten(text, 40)
    return text


def shorten(value: Any, limit: int = 60) -> str:
    """``repr`` of a value from the file, cut to ``limit`` characters so a message stays short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a byte-order mark is fine); anything else is a located error."""
    shown = str(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise PlaybookError(f"{shown}: file not found") from None
    except OSError as error:
        raise PlaybookError(f"{shown}: cannot read: {error.strerror}") from None
    if len(raw) > MAX_BYTES:
        size = max(path.stat().st_size, len(raw))
        raise PlaybookError.from_problems(
            [
                Problem(
                    shown, 1, 1, "",
                    f"the file is {size / 1e6:.1f} MB; a policy may be at most "
                    f"{MAX_BYTES // (1024 * 1024)} MB",
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8-sig")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            column += 1
        readable = raw.decode("utf-8-sig", errors="replace")
        where = dotted(yamldata.locate(readable, line, column))
        byte = raw[error.start]
        raise PlaybookError.from_problems(
            [Problem(shown, line, column, where,
                     f"the byte 0x{byte:02X} is not UTF-8 text; save the file as UTF-8")]
        ) from None


def read_document(path: Path) -> yamldata.Document:
    """Read and parse one YAML file."""
    return parse_document(read_text(path), str(path))


def parse_document(text: str, shown: str) -> yamldata.Document:
    """Parse YAML text that did not come from a file (``git show``); errors name ``shown``."""
    try:
        doc = yamldata.read(text)
    except yamldata.YamlProblem as problem:
        where = (problem.line, problem.column)
        raise PlaybookError.from_problems(
            [Problem(shown, *where, dotted(problem.path), problem.message)]
        ) from None
    return doc


def validate(
    doc: yamldata.Document, model: type[M], shown: str, *, what: str = "policy"
) -> M:
    """Validate parsed data against ``model``; errors carry the line of the offending value."""
    is_policy = what == "policy"
    if doc.data is None:
        hint = "; start from `playbook init`" if is_policy else ""
        raise PlaybookError.from_problems([Problem(shown, 1, 1, "", f"the {what} is empty{hint}")])
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        keys = " of sections (company:, accounts:, ...)" if is_policy else " of keys"
        raise PlaybookError.from_problems(
            [Problem(shown, *doc.position(()), "", f"the {what} must be a mapping{keys}, "
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
    items = error.errors(include_url=False)
    missing = {tuple(i["loc"]) for i in items if i["type"] == "missing"}
    misspelt = set()
    for item in items:
        if item["type"] == "extra_forbidden":
            loc = tuple(item["loc"])
            close = _closest(model, loc)
            if close and (*loc[:-1], close) in missing:
                misspelt.add((*loc[:-1], close))
    for item in items:
        loc = tuple(item["loc"])
        kind = item["type"]
        if kind == "extra_forbidden":
            line, column = doc.position(loc, key=True)
            message = f"unknown key {shorten(loc[-1])}" + _did_you_mean(model, loc)
        elif kind == "missing" and loc in misspelt:
            continue
        elif kind == "missing":
            line, column = doc.position(loc[:-1], key=True)
            message = f"required; add '{loc[-1]}:'"
        elif loc and loc[-1] == "[key]":
            loc = loc[:-1]
            line, column = doc.position(loc, key=True)
            message = _message(item, _description(model, loc))
        else:
            line, column = doc.position(loc)
            message = _message(item, _description(model, loc))
        problem = Problem(shown, line, column, dotted(loc), message)
        problems.setdefault((line, column, problem.path), problem)
    ordered = sorted(problems.values(), key=lambda p: (p.line, p.column))
    return ordered[:MAX_PROBLEMS]


_WANTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
    "finite_number": "a finite number",
}


def _message(item: Any, description: str | None = None) -> str:
    """Pydantic's wording, rephrased for someone editing a YAML file, with the value given."""
    msg: str = item["msg"]
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    kind = item["type"]
    given = item.get("input")
    ctx = item.get("ctx") or {}
    if kind == "bool_type":
        return f"expected true or false, got {_describe(given)}"
    if kind == "literal_error":
        return f"{shorten(given)} is not allowed; use {msg.removeprefix('Input should be ')}"
    if kind in _WANTED:
        message = f"expected {_WANTED[kind]}, got {_describe(given)}"
        if kind == "string_type" and isinstance(given, dict) and len(given) == 1:
            message += " (a ': ' inside text starts a mapping; put the text in quotes)"
        if kind == "string_type" and isinstance(given, int | float) and not isinstance(given, bool):
            message += " (YAML reads it as a number; put it in quotes to keep it as text)"
        return message
    if kind == "string_pattern_mismatch":
        if "\\n" in str(ctx.get("pattern", "")):
            return "must be a single line"
        if description:
            return f"{shorten(given)} does not fit: {description}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()))
        wording = {
            "greater_than_equal": "at least", "greater_than": "more than",
            "less_than_equal": "at most", "less_than": "less than",
        }[kind]
        message = f"must be {wording} {bound}, got {_describe(given)}"
        if description:
            message += f"; {description[0].lower()}{description[1:].rstrip('.')}"
        return message
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else msg.lower()
    if kind == "string_too_long":
        return f"{len(given):,} characters; at most {ctx['max_length']:,} fit here"
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        wording = "at least" if kind == "too_short" else "at most"
        return f"{ctx.get('actual_length')} entries; {wording} {limit} allowed here"
    if msg and given is not None and repr(given) in msg and len(repr(given)) > 60:
        msg = msg.replace(repr(given), shorten(given))
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
        return f"text {shorten(value)}"
    return shorten(value)


def _description(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The field's description from the model, to explain what a value should look like."""
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return None
    field = owner.model_fields.get(str(loc[-1]))
    return field.description if field else None


def _closest(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    close = difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    allowed = _fields_at(model, loc[:-1])
    if not allowed:
        return ""
    close = _closest(model, loc)
    if close:
        return f"; did you mean {close!r}?"
    return f"; allowed here: {', '.join(allowed)}"


def _fields_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys the model accepts at ``loc``, found by walking the type annotations."""
    found = _model_at(model, loc)
    return list(found.model_fields) if found is not None else []


def _model_at(model: Any, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that holds the fields at ``loc``, or None where ``loc`` is not a model."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        else:
            args = typing.get_args(current)
            if not args:
                return None
            current = args[-1]
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


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
    return load_policy_document(path, networks, example_ids)[0]


def load_policy_document(
    path: Path, networks: dict[str, Network], example_ids: set[str]
) -> tuple[Policy, yamldata.Document]:
    """Like :func:`load_policy`, and keep the parsed document so findings can name a line."""
    policy, doc = load_model(path, Policy)
    known = {**networks, **policy.networks}
    problems = [
        Problem(str(path), *doc.position(loc), dotted(loc), message)
        for loc, message in reference_problems(policy, known, example_ids)
    ]
    if problems:
        raise PlaybookError.from_problems(problems[:MAX_PROBLEMS])
    return policy, doc
