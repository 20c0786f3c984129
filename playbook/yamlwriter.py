"""Write plain data as block-style YAML with comments above chosen keys.

PyYAML cannot write comments, and ``playbook init`` writes a policy in which each answer stands
under its question. The data is small and plain (mappings, lists, text, numbers, booleans), so
a short writer does it: text stays unquoted where the YAML 1.2 reader gives it back unchanged,
long text is folded at spaces, everything else is double-quoted. :func:`dump` reads its own
output back and refuses to return text that would load as anything but ``data``.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from playbook import yamldata

Path = tuple[str | int, ...]
WIDTH = 96
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`~")
_NUMBER_LIKE = re.compile(r"[0-9:.,_+-]+")


def dump(data: Mapping[str, Any], comments: Mapping[Path, Sequence[str]] | None = None) -> str:
    """``data`` as YAML; ``comments[path]`` lines stand above the key at ``path``.

    Top-level sections are separated by a blank line.
    """
    lines: list[str] = []
    _mapping(data, (), 0, comments or {}, lines, top=True)
    text = "\n".join(lines) + "\n"
    if yamldata.read(text).data != _plain(data):
        raise AssertionError("the YAML writer does not read back as written")  # a bug, not input
    return text


def _plain(value: Any) -> Any:
    """Data as the reader gives it back: tuples become lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _comment(path: Path, indent: int, comments: Mapping[Path, Sequence[str]],
             lines: list[str]) -> None:
    for line in comments.get(path, ()):
        lines.append(" " * indent + ("# " + line if line else "#"))


def _mapping(data: Mapping[str, Any], path: Path, indent: int,
             comments: Mapping[Path, Sequence[str]], lines: list[str], *,
             top: bool = False, first_prefix: str | None = None) -> None:
    """Write a mapping; ``first_prefix`` replaces the indent of the first key (a list's ``- ``)."""
    for i, (key, value) in enumerate(data.items()):
        if top and i:
            lines.append("")
        lead = first_prefix if (i == 0 and first_prefix is not None) else " " * indent
        if i > 0 or first_prefix is None:
            _comment((*path, key), indent, comments, lines)
        head = f"{lead}{_key(key)}:"
        _value(value, (*path, key), head, indent, comments, lines)


def _value(value: Any, path: Path, head: str, indent: int,
           comments: Mapping[Path, Sequence[str]], lines: list[str]) -> None:
    if isinstance(value, Mapping) and value:
        lines.append(head)
        _mapping(value, path, indent + 2, comments, lines)
    elif isinstance(value, list | tuple) and value:
        lines.append(head)
        for j, item in enumerate(value):
            _comment((*path, j), indent + 2, comments, lines)
            if isinstance(item, Mapping) and item:
                first = next(iter(item))
                _comment((*path, j, first), indent + 2, comments, lines)
                _mapping(item, (*path, j), indent + 4, comments, lines,
                         first_prefix=" " * (indent + 2) + "- ")
            else:
                lines.append(" " * (indent + 2) + "- " + _scalar(item, indent + 4, indent + 4))
    elif isinstance(value, Mapping):
        lines.append(f"{head} {{}}")
    elif isinstance(value, list | tuple):
        lines.append(f"{head} []")
    else:
        text = _scalar(value, indent + 2, used=len(head) + 1)
        lines.append(f"{head}{'' if text.startswith(chr(10)) else ' '}{text}")


def _key(key: str) -> str:
    return key if _plain_ok(key) else json.dumps(key, ensure_ascii=False)


def _scalar(value: Any, indent: int, used: int = 0) -> str:
    """``value`` on a line that already holds ``used`` characters; long text folded below."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if used + len(text) > WIDTH and _foldable(text):
        wrapped = textwrap.wrap(text, WIDTH - indent, break_long_words=False,
                                break_on_hyphens=False)
        return ">-\n" + "\n".join(" " * indent + line for line in wrapped)
    return text if _plain_ok(text) else json.dumps(text, ensure_ascii=False)


def quoted(text: str) -> str:
    """``text`` as a YAML scalar: plain where that reads back unchanged, else double-quoted."""
    return text if _plain_ok(text) else json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    """Whether ``text`` may stand unquoted and read back as this very text.

    Both under YAML 1.2 (playbook's reader) and under YAML 1.1 (PyYAML, older editors), which
    would turn ``08:00`` into a number and ``yes`` into a boolean.
    """
    if not text or text != text.strip() or text[0] in _INDICATORS or text == "<<":
        return False
    if ": " in text or " #" in text or text.endswith(":") or not text.isprintable():
        return False
    if _NUMBER_LIKE.fullmatch(text):
        return False  # '08:00' and '18:00' look alike quoted, though only one needs it
    try:
        line = f"k: {text}\n"
        return yamldata.read(line).data == {"k": text} == yaml.safe_load(line)
    except (yamldata.YamlProblem, yaml.YAMLError):
        return False


def _foldable(text: str) -> bool:
    """Whether folding at spaces gives back exactly ``text`` (one paragraph, single spaces)."""
    return (
        text.isprintable()
        and text == text.strip()
        and "  " not in text
        and text[0] not in _INDICATORS
    )
