"""What changed between two versions of a policy, in words, ready for the changelog.

Both versions are validated models, so the comparison is semantic: formatting, comments and key
order do not count, ``30 min`` equals ``0.5 h``, accounts are matched by handle and response
targets by priority (a reordered list is no change). Each change becomes one line in the
policy's language, worded from ``templates/i18n/<lang>/diff.yml``: field labels under
``diff.label.<path>``, labels of matched entries under ``diff.item.<path>`` and the sentence
shapes under ``diff.change``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable, Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from playbook.errors import PlaybookError
from playbook.guideline import renderer_for
from playbook.loader import parse_document, read_document, validate
from playbook.model import OpeningHours, Policy
from playbook.render import Renderer

KEYS: dict[str, Callable[[Any], Hashable]] = {
    "accounts": lambda a: a.handle.lower(),
    "accounts.response_targets": lambda t: t.priority,
    "service.response_targets": lambda t: t.priority,
    "service.escalation": lambda e: e.trigger,
    "service.staffing": lambda s: s.team.lower(),
    "tools": lambda t: t.name.lower(),
    "team": lambda m: m.initials.lower(),
    "monitoring.thresholds": lambda t: t.signal,
    "crisis.holding_statements": lambda h: h.situation,
    "changelog": lambda c: (c.date, c.summary),
    "examples.custom": lambda e: e.id,
}
"""How entries of a list are matched between the versions; an entry whose key is new was
added, one whose key is gone was removed, and the rest are compared field by field."""

SHOWN = {
    "accounts": "handle",
    "service.escalation": "trigger",
    "service.staffing": "team",
    "tools": "name",
    "team": "initials",
    "monitoring.thresholds": "signal",
    "crisis.holding_statements": "situation",
    "changelog": "date",
    "examples.custom": "id",
    "voice.examples": "message",
    "checklists": "text",
}
"""The field that names an entry in a sentence (``accounts`` -> its handle)."""

WHOLE = {"service.hours", "accounts.hours"}
"""Lists compared as one value: opening hours read as one line ('Mon–Fri 08:00–18:00')."""

DURATIONS = {"within", "handle_time"}
SHARES = {"share", "shrinkage"}
ENUMS = {"channel_role": "role", "role": "role", "priority": "priority",
         "address_form": "address_form"}
"""Fields whose values have wording in the page catalogs already."""

LONG = 80
"""Text longer than this is reported as changed, without quoting both versions."""


def normalized(path: Sequence[str | int]) -> str:
    """``accounts.3.response_targets.0.within`` -> ``accounts.response_targets.within``."""
    return ".".join(str(p) for p in path if not isinstance(p, int))


class Differ:
    """Compares two policies and words each change in one language."""

    def __init__(self, language: str) -> None:
        self.renderer: Renderer = renderer_for(language, ())
        self.strings = self.renderer.t.strings

    def changes(self, old: Policy, new: Policy) -> list[str]:
        """Every change from ``old`` to ``new``, in the order of the policy file's sections."""
        return list(self._model("", old, new, ()))

    def _t(self, wording: str, /, **values: str) -> str:
        try:
            return self.strings[wording].format(**values)
        except KeyError as error:
            raise KeyError(f"no wording for {wording!r} (or {error}) in i18n/") from None

    def label(self, path: str) -> str:
        """What a field is called; the dotted path if the catalog has no label for it."""
        return self.strings.get(f"diff.label.{path}", path)

    def _what(self, where: tuple[str, ...], path: str) -> str:
        return ": ".join(part for part in (*where, self.label(path)) if part)

    def _model(
        self, path: str, old: BaseModel, new: BaseModel, where: tuple[str, ...]
    ) -> Iterator[str]:
        for name in type(new).model_fields:
            child = f"{path}.{name}" if path else name
            yield from self._field(child, name, getattr(old, name), getattr(new, name), where)

    def _field(
        self, path: str, name: str, old: Any, new: Any, where: tuple[str, ...]
    ) -> Iterator[str]:
        if old == new:
            return
        if path in WHOLE:
            yield self._scalar(self._what(where, path), name, old, new)
        elif isinstance(old, BaseModel) or isinstance(new, BaseModel):
            if old is None:
                yield self._t("diff.change.added", what=self._what(where, path))
            elif new is None:
                yield self._t("diff.change.removed", what=self._what(where, path))
            else:
                yield from self._model(path, old, new, where)
        elif isinstance(old, list) or isinstance(new, list):
            yield from self._list(path, old or [], new or [], where)
        elif isinstance(old, dict) or isinstance(new, dict):
            yield from self._dict(path, old or {}, new or {}, where)
        else:
            yield self._scalar(self._what(where, path), name, old, new)

    def _scalar(self, what: str, name: str, old: Any, new: Any) -> str:
        if old is None:
            if _long(new):
                return self._t("diff.change.added", what=what)
            return self._t("diff.change.set", what=what, new=self.value(name, new))
        if new is None:
            if _long(old):
                return self._t("diff.change.removed", what=what)
            return self._t("diff.change.unset", what=what, old=self.value(name, old))
        if _long(old) or _long(new):
            return self._t("diff.change.rewritten", what=what)
        return self._t(
            "diff.change.changed", what=what, old=self.value(name, old),
            new=self.value(name, new),
        )

    def _list(
        self, path: str, old: list[Any], new: list[Any], where: tuple[str, ...]
    ) -> Iterator[str]:
        key = KEYS.get(path)
        if key is not None:
            before = {key(item): item for item in old}
            after = {key(item): item for item in new}
            for k, item in before.items():
                if k not in after:
                    yield self._t("diff.change.removed", what=self._entry(where, path, item))
            for k, item in after.items():
                if k not in before:
                    yield self._t("diff.change.added", what=self._entry(where, path, item))
                else:
                    inner = (*where, self._entry_label(path, item))
                    yield from self._model(path, before[k], item, inner)
            return
        what = self._what(where, path)
        for item in old:
            if item not in new:
                yield self._t("diff.change.item_removed", what=what, item=self._item(path, item))
        for item in new:
            if item not in old:
                yield self._t("diff.change.item_added", what=what, item=self._item(path, item))

    def _dict(
        self, path: str, old: dict[str, Any], new: dict[str, Any], where: tuple[str, ...]
    ) -> Iterator[str]:
        name = path.rsplit(".", 1)[-1]
        for k, value in old.items():
            if k not in new:
                what = self._keyed(where, path, k)
                if isinstance(value, BaseModel):
                    yield self._t("diff.change.removed", what=what)
                else:
                    yield self._scalar(what, name, value, None)
        for k, value in new.items():
            what = self._keyed(where, path, k)
            if isinstance(value, BaseModel):
                if k not in old:
                    yield self._t("diff.change.added", what=what)
                else:
                    yield from self._model(path, old[k], value, (what,))
            elif old.get(k) != value:
                yield self._scalar(what, name, old.get(k), value)

    def _keyed(self, where: tuple[str, ...], path: str, key: str) -> str:
        text = self.strings.get(f"diff.item.{path}")
        if text is not None:
            return ": ".join((*where, text.format(key=key)))
        return ": ".join((*where, self._t("diff.keyed", label=self.label(path), key=key)))

    def _entry_label(self, path: str, item: BaseModel) -> str:
        """``diff.item.<path>`` with ``{key}`` (the entry's name) and its other plain fields."""
        fields = {
            name: self.value(name, value)
            for name, value in item
            if isinstance(value, str | int | float | dt.date) and not _long(value)
        }
        if path.endswith("response_targets"):
            fields["key"] = self._t(f"diff.priority.{item.priority}")  # type: ignore[attr-defined]
        else:
            fields["key"] = self.value(SHOWN[path], getattr(item, SHOWN[path]))
        return self._t(f"diff.item.{path}", **fields)

    def _entry(self, where: tuple[str, ...], path: str, item: BaseModel) -> str:
        return ": ".join((*where, self._entry_label(path, item)))

    def _item(self, path: str, item: Any) -> str:
        if isinstance(item, BaseModel):
            item = getattr(item, SHOWN[path])
        text = self.value(path.rsplit(".", 1)[-1], item)
        if _long(text):
            text = text[: LONG - 1].rstrip() + "…"
        return self._t("diff.quote", text=text)

    def value(self, name: str, value: Any) -> str:
        """A value as the site would show it: '30 Min.', '80 %', '01.10.2026', 'ja'."""
        r = self.renderer
        if isinstance(value, bool):
            return self._t("common.yes" if value else "common.no")
        if isinstance(value, dt.date):
            return str(r.date(value))
        if isinstance(value, list) and value and isinstance(value[0], OpeningHours):
            return str(r.hours(value))
        if isinstance(value, list):
            if not value:
                return self._t("common.none")
            return ", ".join(self.value(name, v) for v in value)
        if name in DURATIONS and isinstance(value, int | float):
            return str(r.duration(value))
        if name in SHARES and isinstance(value, int | float):
            return str(r.percent(value))
        if isinstance(value, int | float):
            return str(r.number(value))
        if name in ENUMS:
            return self._t(f"{ENUMS[name]}.{value}")
        return self.strings.get(f"diff.value.{name}.{value}", str(value))


def _long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > LONG or "\n" in value)


def changes(old: Policy, new: Policy) -> list[str]:
    """The changes from ``old`` to ``new`` in the new policy's language."""
    return Differ(new.company.language).changes(old, new)


def as_yaml(lines: list[str]) -> str:
    """The lines as a YAML list, quoted where needed, for a changelog entry's ``details:``."""
    return yaml.safe_dump(lines, allow_unicode=True, default_flow_style=False, width=1_000_000)


def load(path: Path) -> Policy:
    """A policy file as a validated model."""
    return validate(read_document(path), Policy, str(path))


def load_from_git(path: Path, revision: str) -> Policy:
    """The policy at ``path`` as it was in ``revision`` (``git show REV:./file``)."""
    shown = f"{revision}:{path}"
    folder = path.parent if str(path.parent) else Path(".")
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "show", f"{revision}:./{path.name}"],
            capture_output=True, check=False,
        )
    except FileNotFoundError:
        raise PlaybookError(f"{shown}: git is not installed") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["git failed"]
        raise PlaybookError(f"{shown}: {reason[0].removeprefix('fatal: ')}")
    try:
        text = done.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlaybookError(f"{shown}: not UTF-8 text") from None
    return validate(parse_document(text, shown), Policy, shown)
