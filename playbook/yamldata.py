"""Read a YAML document into plain data while remembering where every key and value stood.

PyYAML's own constructors are not used: they read YAML 1.1 (``NO``, ``on`` and ``yes`` become
booleans, ``08:00`` becomes a number), keep the last of two duplicate keys, and forget
positions. Building the data from the parser's event stream keeps it to YAML 1.2's core schema,
makes duplicate keys an error, refuses every tag that could build a Python object, and bounds
nesting and alias expansion, so a hostile file fails fast instead of exhausting the machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

MAX_DEPTH = 64
MAX_NODES = 200_000

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    None,
    "!",
    _STR_TAG,
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class YamlProblem(Exception):
    """A problem in the YAML text itself, with its 1-based line and column."""

    def __init__(self, message: str, line: int, column: int, path: Path = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path


@dataclass
class Document:
    """Plain data (dicts, lists, str, int, float, bool, None) and where each part came from."""

    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Return the line and column of ``path``, or of its nearest recorded ancestor."""
        path = tuple(path)
        while path:
            where = (self.keys if key else self.values).get(path) or self.values.get(path)
            if where:
                return where
            path = path[:-1]
        return self.values.get((), (1, 1))


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _scalar(event: Any) -> Any:
    tag, value = event.tag, event.value
    if tag not in _ALLOWED_TAGS:
        raise YamlProblem(
            f"the tag {tag!r} is not allowed: a policy holds plain text, numbers, lists "
            "and mappings only",
            *_mark(event),
        )
    plain = event.implicit[0] and tag is None
    if tag == _STR_TAG or (not plain and tag in (None, "!")):
        return value
    if (tag == "tag:yaml.org,2002:null" or plain) and _NULL.match(value):
        return None
    if (tag == "tag:yaml.org,2002:bool" or plain) and value in _BOOL:
        return _BOOL[value]
    if (tag == "tag:yaml.org,2002:int" or plain) and _INT.match(value):
        return int(value)
    if (tag == "tag:yaml.org,2002:float" or plain) and _FLOAT.match(value):
        return float(value)
    if tag is not None:
        raise YamlProblem(f"{value!r} is not a valid {tag.rsplit(':', 1)[-1]}", *_mark(event))
    return value


@dataclass
class _Open:
    """A mapping or sequence under construction."""

    value: dict[str, Any] | list[Any]
    path: Path
    anchor: str | None
    mark: tuple[int, int]
    nodes: int = 1
    key: str | None = None
    key_mark: tuple[int, int] | None = None
    explicit: set[str] = field(default_factory=set)


def _problem_from_yaml_error(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    if error.context and "quoted scalar" in error.context and error.context_mark:
        mark, problem = error.context_mark, "a quoted text is never closed (missing quote?)"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: column + 1]:
        problem = "a tab character: indent with spaces, not tabs"
    return YamlProblem(f"YAML syntax: {problem}", line, column)


def read(text: str) -> Document:
    """Parse ``text`` (one YAML document) into a :class:`Document`."""
    doc = Document(data=None)
    stack: list[_Open] = []
    anchors: dict[str, tuple[Any, int]] = {}
    total = 0
    documents = 0

    def place(value: Any, nodes: int, mark: tuple[int, int], anchor: str | None) -> None:
        nonlocal total
        total += nodes
        if total > MAX_NODES:
            raise YamlProblem(
                f"the document expands to more than {MAX_NODES:,} values (aliases repeated "
                "too often?)",
                *mark,
            )
        if anchor:
            anchors[anchor] = (value, nodes)
        if not stack:
            doc.data = value
            doc.values[()] = mark
            return
        parent = stack[-1]
        parent.nodes += nodes
        if isinstance(parent.value, list):
            path = (*parent.path, len(parent.value))
            parent.value.append(value)
            doc.values.setdefault(path, mark)
            return
        if parent.key is None:
            if not isinstance(value, str | int | float | bool) or isinstance(value, bool):
                raise YamlProblem("a key must be plain text", *mark, parent.path)
            key = str(value)
            if key in parent.explicit:
                first = doc.keys[(*parent.path, key)]
                raise YamlProblem(
                    f"duplicate key {key!r} (first given at line {first[0]})",
                    *mark,
                    (*parent.path, key),
                )
            parent.key, parent.key_mark = key, mark
            return
        key, parent.key = parent.key, None
        assert parent.key_mark is not None
        if key == "<<":
            _merge(parent, value, mark)
            return
        parent.explicit.add(key)
        parent.value[key] = value  # type: ignore[call-overload]
        doc.keys[(*parent.path, key)] = parent.key_mark
        doc.values[(*parent.path, key)] = mark

    def child_path() -> Path:
        if not stack:
            return ()
        parent = stack[-1]
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        return (*parent.path, parent.key if parent.key is not None else "?")

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        "the file holds more than one YAML document ('---'); keep one",
                        *_mark(event),
                    )
            elif isinstance(event, yaml.ScalarEvent):
                place(_scalar(event), 1, _mark(event), event.anchor)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    raise YamlProblem(f"unknown alias *{event.anchor}", *_mark(event))
                value, nodes = anchors[event.anchor]
                place(value, nodes, _mark(event), None)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if event.tag not in _ALLOWED_TAGS:
                    raise YamlProblem(
                        f"the tag {event.tag!r} is not allowed: a policy holds plain text, "
                        "numbers, lists and mappings only",
                        *_mark(event),
                    )
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(
                        f"nesting deeper than {MAX_DEPTH} levels", *_mark(event), child_path()
                    )
                empty: dict[str, Any] | list[Any] = (
                    {} if isinstance(event, yaml.MappingStartEvent) else []
                )
                path = child_path()
                if stack and isinstance(stack[-1].value, dict) and stack[-1].key is None:
                    raise YamlProblem("a key must be plain text", *_mark(event), path)
                stack.append(_Open(empty, path, event.anchor, _mark(event)))
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                done = stack.pop()
                place(done.value, done.nodes, done.mark, done.anchor)
    except yaml.MarkedYAMLError as error:
        raise _problem_from_yaml_error(error, text) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports marks for all we saw
        raise YamlProblem(f"YAML syntax: {error}", 1, 1) from None
    return doc


def _merge(parent: _Open, value: Any, mark: tuple[int, int]) -> None:
    sources = value if isinstance(value, list) else [value]
    if not all(isinstance(s, dict) for s in sources):
        raise YamlProblem("'<<' merges mappings only", *mark, parent.path)
    target = parent.value
    assert isinstance(target, dict)
    for source in sources:
        for key, item in source.items():
            if key not in parent.explicit:
                target.setdefault(key, item)
