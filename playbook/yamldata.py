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
_MAX_DIGITS = 100
_LIBYAML_DEPTH = "exceeded maximum nesting depth"

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_MAYBE_NUMBER = frozenset("0123456789+-.")
"""First characters of every text _INT and _FLOAT match."""
_WORDS = frozenset({"", "~", "null", "Null", "NULL", *_BOOL})
"""Every text _NULL and _BOOL match."""
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

    def path_at(self, line: int, column: int) -> Path:
        """The innermost field whose key or value starts at or before ``line``/``column``."""
        best: tuple[tuple[int, int], int, Path] = ((0, 0), 0, ())
        for places in (self.keys, self.values):
            for path, where in places.items():
                candidate = (where, len(path), path)
                if where <= (line, column) and candidate[:2] > best[:2]:
                    best = candidate
        return best[2]


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _tag_problem(event: Any, path: Path) -> YamlProblem:
    shown = str(event.tag).replace("tag:yaml.org,2002:", "!!")
    return YamlProblem(
        f"the tag {shown!r} is not allowed: a policy holds plain text, numbers, lists and "
        "mappings only",
        *_mark(event),
        path,
    )


def _scalar(event: Any) -> Any:
    tag, value = event.tag, event.value
    plain = event.implicit[0] and tag is None
    if plain and value[:1] not in _MAYBE_NUMBER and value not in _WORDS:
        return value  # ordinary text, most of a policy: no need to try null, bool and numbers
    if tag == _STR_TAG or (not plain and tag in (None, "!")):
        return value
    if (tag == "tag:yaml.org,2002:null" or plain) and _NULL.match(value):
        return None
    if (tag == "tag:yaml.org,2002:bool" or plain) and value in _BOOL:
        return _BOOL[value]
    if (tag == "tag:yaml.org,2002:int" or plain) and _INT.match(value):
        if len(value) > _MAX_DIGITS:
            raise YamlProblem(
                f"a number with {len(value.lstrip('+-')):,} digits; no answer needs more "
                f"than {_MAX_DIGITS}",
                *_mark(event),
            )
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
    merging: bool = False
    is_list: bool = field(init=False)

    def __post_init__(self) -> None:
        self.is_list = isinstance(self.value, list)


# libyaml's wording, and what it means for someone editing a policy by hand. The first match wins.
_HINTS: tuple[tuple[str, str], ...] = (
    ("unknown escape character",
     "an unknown escape after '\\' in double quotes; write '\\\\' for a backslash, or use "
     "single quotes"),
    ("mapping values are not allowed",
     "a ':' where no key can start; put text that contains ': ' in quotes, or check that the "
     "line above has its ':' and the indentation lines up"),
    ("mapping keys are not allowed",
     "a '?' where no key can start; put the text in quotes"),
    ("did not find expected key",
     "this line does not line up with the keys above it; check the indentation"),
    ("did not find expected '-' indicator",
     "this line does not line up with the list items above it; check the indentation"),
    ("block sequence entries are not allowed",
     "a list item ('- ') cannot follow its key on the same line; start the list on the next "
     "line"),
    ("cannot start any token",
     "this character cannot start a value (for example @, `, % or |); put the text in quotes"),
    ("could not find expected ':'", "a key without ':' after it"),
    ("did not find expected ',' or ']'", "a list opened with '[' is never closed with ']'"),
    ("did not find expected ',' or '}'", "a mapping opened with '{' is never closed with '}'"),
    ("did not find expected node content", "a value is missing here"),
    ("did not find expected alphabetic or numeric character",
     "'&' and '*' start a YAML anchor or alias and need a name right after them; put text "
     "that starts with & or * in quotes"),
    ("did not find expected <document start>",
     "this line does not fit the lines above it; check their indentation and that each key "
     "ends with ':'"),
    ("expected <block end>", "this line does not line up with the lines above it; check the "
     "indentation"),
)
# Problems that libyaml reports where it gave up, but that began where a bracket was opened.
_NO_COLON = "could not find expected ':'"
_AT_CONTEXT = (_NO_COLON, "did not find expected ',' or")
# What double-quoted escapes ("\e", "\x00") can still produce: text never needs it, and a
# terminal that prints a message naming the value would obey it.
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[\w.-]+:(?:\s|$)")
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _problem_from_yaml_error(
    error: yaml.MarkedYAMLError,
    text: str,
    here: Path,
    quoted: tuple[Any, Path] | None,
    stack: list[_Open],
) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    runaway = _runaway_quote(lines, line, quoted)
    if runaway:
        return runaway
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: column + 1]:
        return YamlProblem("YAML syntax: a tab character; indent with spaces, not tabs",
                           line, column, here)
    if error.context and "quoted scalar" in error.context and "end of stream" in problem:
        assert error.context_mark is not None
        return YamlProblem(
            "YAML syntax: a quoted text is never closed; add the closing quote",
            error.context_mark.line + 1, error.context_mark.column + 1, here,
        )
    for needle, hint in _HINTS:
        if needle in problem:
            if needle.startswith(_AT_CONTEXT) and error.context_mark:
                line, column = error.context_mark.line + 1, error.context_mark.column + 1
                if needle == _NO_COLON:
                    here = _bare_key(lines, line, column, stack) or here
            return YamlProblem(f"YAML syntax: {hint}", line, column, here)
    return YamlProblem(f"YAML syntax: {problem}", line, column, here)


def _bare_key(lines: list[str], line: int, column: int, stack: list[_Open]) -> Path | None:
    """The field a key without ':' was meant to be: its text, under the mapping it lines up with.

    Otherwise the message would name the field read last, which is often the one before.
    """
    word = lines[line - 1][column - 1 :].split("#")[0].strip() if 0 < line <= len(lines) else ""
    for open_ in reversed(stack):
        if not open_.is_list and open_.mark[1] == column and word:
            return (*open_.path, word)
    return None


def _runaway_quote(
    lines: list[str], line: int, quoted: tuple[Any, Path] | None
) -> YamlProblem | None:
    """Blame a quote left open: its text swallowed the following keys up to the error.

    YAML lets quoted text span lines, so a missing closing quote only shows where the next
    quote character happens to stand, often many lines later.
    """
    if quoted is None:
        return None
    event, path = quoted
    first, last = event.start_mark.line + 1, event.end_mark.line + 1
    if not first < last <= line or not any(_KEY_LINE.match(x) for x in lines[first:last]):
        return None
    return YamlProblem(
        f"YAML syntax: this quote is not closed on its line, so the text runs on to line {last}; "
        "add the closing quote",
        first,
        event.start_mark.column + 1,
        path,
    )


def _control_character(text: str) -> YamlProblem | None:
    """Find a character YAML forbids (NUL, escape sequences...), with its place and field."""
    bad = _NON_PRINTABLE.search(text)
    if bad is None:
        return None
    before = text[: bad.start()]
    line = before.count("\n") + 1
    column = bad.start() - (before.rfind("\n") + 1) + 1
    return YamlProblem(
        f"the control character U+{ord(bad.group()):04X} is not allowed in a policy; delete it",
        line,
        column,
        locate(_NON_PRINTABLE.sub(" ", text), line, column),
    )


def locate(text: str, line: int, column: int) -> Path:
    """The field at ``line``/``column`` of ``text``, or ``()`` if the text does not parse."""
    try:
        return read(text).path_at(line, column)
    except YamlProblem:
        return ()


def read(text: str, loader: type = _Loader) -> Document:
    """Parse ``text`` (one YAML document) into a :class:`Document`."""
    control = _control_character(text)
    if control:
        raise control
    doc = Document(data=None)
    stack: list[_Open] = []
    anchors: dict[str, tuple[Any, int]] = {}
    total = 0
    documents = 0
    here: Path = ()
    quoted: tuple[Any, Path] | None = None

    def place(
        value: Any, nodes: int, mark: tuple[int, int], anchor: str | None, merge: bool = False
    ) -> None:
        nonlocal total, here
        total += nodes
        if total > MAX_NODES:
            raise YamlProblem(
                f"the document expands to more than {MAX_NODES:,} values (aliases repeated "
                "too often?)",
                *mark,
                child_path(),
            )
        if anchor:
            anchors[anchor] = (value, nodes)
        if not stack:
            doc.data = value
            doc.values[()] = mark
            return
        parent = stack[-1]
        parent.nodes += nodes
        if parent.is_list:
            path = (*parent.path, len(parent.value))
            parent.value.append(value)
            doc.values.setdefault(path, mark)
            here = path
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
            parent.key, parent.key_mark, parent.merging = key, mark, merge
            here = (*parent.path, key)
            return
        key, parent.key = parent.key, None
        assert parent.key_mark is not None
        if parent.merging:
            _merge(parent, value, mark)
            return
        parent.explicit.add(key)
        parent.value[key] = value  # type: ignore[call-overload]
        here = (*parent.path, key)
        doc.keys[here] = parent.key_mark
        doc.values[here] = mark

    def child_path() -> Path:
        if not stack:
            return ()
        parent = stack[-1]
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        return (*parent.path, parent.key) if parent.key is not None else parent.path

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.ScalarEvent):
                if event.tag not in _ALLOWED_TAGS:
                    raise _tag_problem(event, child_path())
                if event.style in ("'", '"'):
                    quoted = (event, child_path())
                    escaped = _ESCAPED_CONTROL.search(event.value)
                    if escaped:
                        raise YamlProblem(
                            f"the control character U+{ord(escaped.group()):04X} (written as an "
                            "escape in quotes) is not allowed in a policy; delete it",
                            *_mark(event),
                            child_path(),
                        )
                try:
                    value = _scalar(event)
                except YamlProblem as problem:
                    problem.path = child_path()
                    raise
                # Only a plain '<<' merges (YAML's merge key); a quoted one is an ordinary key.
                merge = value == "<<" and event.implicit[0] and event.tag is None
                place(value, 1, _mark(event), event.anchor, merge)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        "the file holds more than one YAML document ('---'); keep one",
                        *_mark(event),
                    )
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    raise YamlProblem(f"unknown alias *{event.anchor}", *_mark(event), child_path())
                value, nodes = anchors[event.anchor]
                place(value, nodes, _mark(event), None)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if event.tag not in _ALLOWED_TAGS:
                    raise _tag_problem(event, child_path())
                path = child_path()
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(
                        f"nesting deeper than {MAX_DEPTH} levels", *_mark(event), path[:8]
                    )
                empty: dict[str, Any] | list[Any] = (
                    {} if isinstance(event, yaml.MappingStartEvent) else []
                )
                if stack and isinstance(stack[-1].value, dict) and stack[-1].key is None:
                    raise YamlProblem("a key must be plain text", *_mark(event), path)
                stack.append(_Open(empty, path, event.anchor, _mark(event)))
                here = path
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                done = stack.pop()
                place(done.value, done.nodes, done.mark, done.anchor)
    except yaml.MarkedYAMLError as error:
        if error.problem == _LIBYAML_DEPTH and loader is not yaml.SafeLoader:
            # libyaml >= 0.2.6 stops at 1,000 levels while scanning ahead, before this reader
            # sees the level it refuses; the Python parser reaches that level, with its place.
            return read(text, yaml.SafeLoader)
        raise _problem_from_yaml_error(error, text, here, quoted, stack) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports marks for all we saw
        raise YamlProblem(f"YAML syntax: {error}", 1, 1, here) from None
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
