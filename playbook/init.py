"""``playbook init``: a new project from a preset and the answers to the strategy questions.

The questions are data (``templates/init/questions.yml``), their wording is in the catalogs
(``i18n/<lang>/init.yml``) and the presets are data too (``templates/presets/*.yml``, merged
onto ``_common.yml``). Each answer is checked as it is given, by validating the whole policy
with it, so an answer is refused with the model's own message and the written policy always
validates. The policy is written with each answer under its question; ``mkdocs.yml`` (only
where missing) and ``docs/`` make ``mkdocs serve`` work at once.

This module does not talk to the terminal: the command passes an ``ask`` function (``None``
takes the preset's answers).
"""

from __future__ import annotations

import re
import string
import textwrap
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from playbook import checks, yamlwriter
from playbook.context import slugify
from playbook.errors import PlaybookError
from playbook.library import load_library
from playbook.loader import load_model, parse_document, validate
from playbook.model import WEEKDAYS, Language, Policy, Priority
from playbook.render import Catalog
from playbook.resources import shipped
from playbook.schema import schema_text
from playbook.yamldata import Document

POLICY = Path("content/policy.yml")
SCHEMA = Path("content/policy.schema.json")
MKDOCS = Path("mkdocs.yml")
DOCS = Path("docs")
SCHEMA_LINE = f"yaml-language-server: $schema={SCHEMA.name}"
COMMENT_WIDTH = 92

Kind = Literal["line", "url", "country", "choice", "bool", "hours", "targets", "network"]
YES = {"yes", "y", "ja", "j", "true"}
NO = {"no", "n", "nein", "false"}


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Question(_Data):
    """One question of ``templates/init/questions.yml``."""

    id: str = Field(pattern=r"^[a-z_]+$")
    path: str
    kind: Kind
    choices: list[str] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    when: dict[str, list[str]] = Field(default_factory=dict)
    fallback: str | None = None

    @property
    def where(self) -> tuple[str | int, ...]:
        """The path as keys and list positions."""
        return tuple(int(p) if p.isdigit() else p for p in self.path.split("."))


class Questions(_Data):
    """The questions file."""

    legal_forms: list[str] = Field(default_factory=list)
    questions: list[Question]


class Preset(_Data):
    """A preset file: a description and the policy's answers, texts in both languages."""

    description: dict[Language, str] = Field(default_factory=dict)
    policy: dict[str, Any]


def preset_names() -> list[str]:
    """The shipped presets (``templates/presets/<name>.yml``; ``_common.yml`` is shared)."""
    folder = shipped("templates") / "presets"
    return sorted(p.stem for p in folder.glob("*.yml") if not p.stem.startswith("_"))


def load_preset(name: str, language: Language) -> dict[str, Any]:
    """The preset's policy in ``language``, merged onto the common answers; placeholders kept."""
    folder = shipped("templates") / "presets"
    common, _ = load_model(folder / "_common.yml", Preset, what="preset")
    preset, _ = load_model(folder / f"{name}.yml", Preset, what="preset")
    return _translate(_merge(common.policy, preset.policy), language)


def _merge(base: Any, over: Any) -> Any:
    """Mappings merged key by key (a translated text is replaced whole), anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict) and not _translated(over):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return over


def _translated(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"de", "en"}


def _translate(value: Any, language: str) -> Any:
    if _translated(value):
        return _translate(value[language], language)
    if isinstance(value, dict):
        picked = {k: _translate(v, language) for k, v in value.items()}
        return {k: v for k, v in picked.items() if v is not None}
    if isinstance(value, list):
        return [_translate(v, language) for v in value]
    return value


def _fill(value: Any, fields: Mapping[str, str]) -> Any:
    """Put the answers into ``${company}``-style placeholders, everywhere in ``value``."""
    if isinstance(value, str):
        return string.Template(value).safe_substitute(fields)
    if isinstance(value, dict):
        return {k: _fill(v, fields) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, fields) for v in value]
    return value


@dataclass
class Prompt:
    """One question as the terminal shows it; ``check`` raises ValueError for a bad answer."""

    id: str
    question: str
    why: str
    default: str
    check: Callable[[str], None]


Ask = Callable[[Prompt], str]


@dataclass
class Result:
    """What ``create`` did, as lines for the terminal."""

    messages: list[str] = field(default_factory=list)


class Interview:
    """The preset's answers, changed by the user's, turned into a valid policy."""

    def __init__(self, preset: str, language: Language) -> None:
        if preset not in preset_names():
            raise PlaybookError(f"no preset {preset!r}; known: {', '.join(preset_names())}")
        self.preset = preset
        self.language = language
        self.t = Catalog(language, [shipped("templates")]).strings
        spec, _ = load_model(shipped("templates") / "init" / "questions.yml", Questions,
                             what="question list")
        self.questions = spec.questions
        self.legal_forms = set(spec.legal_forms)
        self.networks = sorted(load_library().networks)
        self.data = load_preset(preset, language)
        self.data["company"] = {**self.data["company"], "language": language}
        self.answers: dict[str, Any] = {}
        self.asked: list[Question] = []

    def run(self, ask: Ask | None) -> dict[str, Any]:
        """Ask every question that applies (or take the preset's answer); the final policy."""
        for question in self.questions:
            if not self._applies(question):
                continue
            self.asked.append(question)
            current = self._get(question.where)
            if current is None and question.fallback is not None:
                current = self._value(question, question.fallback)
                self._set(question.where, current)
            default = self._shown(question, current)
            if ask is not None:
                answer = ask(self._prompt(question, default)).strip()
                if answer != default:
                    self._set(question.where, self._value(question, answer))
            self.answers[question.id] = self._get(question.where)
        return self.policy()

    def policy(self) -> dict[str, Any]:
        """The policy data with the placeholders filled in, sections in the model's order."""
        return _ordered(_fill(self.data, self._fields()), Policy)

    def _fields(self) -> dict[str, str]:
        company = str(self._get(("company", "name")) or "")
        words = [w for w in slugify(company.replace(".", "")).split("-") if w]
        kept = [w for w in words if w not in self.legal_forms] or words
        return {
            "company": company,
            "slug": "".join(kept).replace("_", "") or "company",
            "today": checks.default_today().isoformat(),
        }

    def _applies(self, question: Question) -> bool:
        if question.languages and self.language not in question.languages:
            return False
        return all(
            str(self.answers.get(other)) in values for other, values in question.when.items()
        )

    def _prompt(self, question: Question, default: str) -> Prompt:
        text = self.t[f"init.q.{question.id}.question"]
        choices = question.choices or (self.networks if question.kind == "network" else [])
        if choices:
            text += f" ({'/'.join(choices)})"
        return Prompt(
            id=question.id,
            question=text,
            why=self.t[f"init.q.{question.id}.why"],
            default=default,
            check=lambda answer: self._check(question, answer.strip()),
        )

    def _check(self, question: Question, answer: str) -> None:
        """Refuse an answer the policy model would refuse, with the model's message."""
        value = self._value(question, answer)
        data = self._with(question.where, value)
        try:
            validate(Document(data=_fill(data, self._fields())), Policy, "policy")
        except PlaybookError as error:
            mine = [p for p in error.problems if p.path.startswith(question.path)]
            if mine:
                raise ValueError("; ".join(p.message for p in mine)) from None

    def _value(self, question: Question, answer: str) -> Any:
        """The policy value for an answer; ValueError with the catalog's hint if unreadable."""
        none = self.t["init.none"]
        if answer == none and question.kind in ("line", "url", "hours"):
            return [] if question.kind == "hours" else None
        if not answer:
            raise ValueError(self.t["init.invalid.required"])
        if not answer.isprintable():
            raise ValueError(self.t["init.invalid.characters"])
        if question.kind == "bool":
            if answer.lower() in YES:
                return True
            if answer.lower() in NO:
                return False
            raise ValueError(self.t["init.invalid.bool"])
        if question.kind == "choice" and answer not in question.choices:
            raise ValueError(self.t["init.invalid.choice"].format(
                choices=", ".join(question.choices)))
        if question.kind == "network" and answer not in self.networks:
            raise ValueError(self.t["init.invalid.network"].format(
                value=answer, known=", ".join(self.networks)))
        if question.kind == "country":
            return answer.upper()
        if question.kind == "hours":
            return _hours(answer, self.t["init.invalid.hours"])
        if question.kind == "targets":
            current = self._get(question.where) or []
            return _targets(answer, current, self.t["init.invalid.targets"])
        return answer

    def _shown(self, question: Question, value: Any) -> str:
        """A policy value as the answer that gives it (the default in brackets)."""
        if value is None or value == []:
            return self.t["init.none"]
        if question.kind == "bool":
            return self.t["init.yes" if value else "init.no"]
        if question.kind == "hours":
            return ", ".join(f"{h['days']} {h['open']}-{h['close']}" for h in value)
        if question.kind == "targets":
            return ", ".join(f"{t['priority']} {t['within']}" for t in value)
        return str(_fill(value, self._fields()))

    def _get(self, path: tuple[str | int, ...]) -> Any:
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def _set(self, path: tuple[str | int, ...], value: Any) -> None:
        self.data = self._with(path, value)

    def _with(self, path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
        """A copy of the data with ``value`` at ``path`` (None removes the key)."""

        def put(node: Any, rest: tuple[str | int, ...]) -> Any:
            head, tail = rest[0], rest[1:]
            if isinstance(head, int):
                items = list(node or [])
                items[head] = put(items[head], tail) if tail else value
                return items
            mapping = dict(node or {})
            if tail:
                mapping[head] = put(mapping.get(head), tail)
            elif value is None:
                mapping.pop(head, None)
            else:
                mapping[head] = value
            return mapping

        return put(self.data, path)

    def comments(self) -> dict[tuple[str | int, ...], list[str]]:
        """Each asked question (and why it matters) above its answer; a line per section."""
        notes: dict[tuple[str | int, ...], list[str]] = {}
        for key in self.data:
            text = self.t.get(f"init.section.{key}")
            if text:
                notes[(key,)] = _wrap(text, 0)
        for question in self.asked:
            if self._get(question.where) is None:
                continue
            indent = 2 * len([p for p in question.where if not isinstance(p, int)])
            lines = _wrap(self.t[f"init.q.{question.id}.question"], indent)
            lines += _wrap(self.t[f"init.q.{question.id}.why"], indent)
            notes.setdefault(question.where, []).extend(lines)
        return notes


def _wrap(text: str, indent: int) -> list[str]:
    return textwrap.wrap(text, COMMENT_WIDTH - indent, break_on_hyphens=False) or [""]


_SPAN = re.compile(r"^\s*([a-z, -]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")


def _hours(answer: str, hint: str) -> list[dict[str, str]]:
    """``mon-fri 08:00-18:00, sat 10:00-14:00`` as opening hours."""
    hours = []
    for part in re.split(r"[;,](?=\s*[a-z]+(?:\s*-\s*[a-z]+)?\s+\d)", answer.lower()):
        match = _SPAN.match(part)
        if not match or not all(d.strip() in WEEKDAYS for d in re.split(r"[-,]", match[1])):
            raise ValueError(hint)
        days = re.sub(r"\s+", "", match[1])
        hours.append({"days": days, "open": match[2].zfill(5), "close": match[3].zfill(5)})
    return hours


_TARGET = re.compile(r"^\s*([a-z]+)\s+(\d+(?:[.,]\d+)?\s*(?:min|m|h|d))\s*$", re.IGNORECASE)


def _targets(answer: str, current: list[dict[str, Any]], hint: str) -> list[dict[str, Any]]:
    """``urgent 1 h, normal 4 h`` as response targets.

    What the preset says beyond the time (share, examples) is kept for a priority that stays.
    """
    before = {t["priority"]: t for t in current}
    targets = []
    for part in answer.split(","):
        match = _TARGET.match(part)
        if not match or match[1].lower() not in typing.get_args(Priority):
            raise ValueError(hint)
        priority = match[1].lower()
        targets.append({**before.get(priority, {}), "priority": priority, "within": match[2]})
    return targets


def _ordered(data: Any, model: type[BaseModel]) -> Any:
    """Keys in the order the model declares its fields, so every policy reads alike."""
    if not isinstance(data, dict):
        return data
    order = list(model.model_fields)
    result = {}
    for key in sorted(data, key=lambda k: order.index(k) if k in order else len(order)):
        value = data[key]
        inner = _model_of(model, key)
        if inner is not None and isinstance(value, list):
            value = [_ordered(v, inner) for v in value]
        elif inner is not None:
            value = _ordered(value, inner)
        result[key] = value
    return result


def _model_of(model: type[BaseModel], key: str) -> type[BaseModel] | None:
    field_info = model.model_fields.get(key)
    if field_info is None:
        return None
    pending: list[Any] = [field_info.annotation]
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        pending.extend(typing.get_args(annotation))
    return None


def policy_text(interview: Interview) -> str:
    """The policy file: the schema line, a header, each answer under its question."""
    data = interview.policy()
    header = interview.t["init.header"].format(
        company=data["company"]["name"], preset=interview.preset
    )
    lines = [f"# {SCHEMA_LINE}", "#", *(f"# {line}" for line in header.splitlines()), ""]
    return "\n".join(lines) + "\n" + yamlwriter.dump(data, interview.comments())


def mkdocs_text(interview: Interview, company: str) -> str:
    """mkdocs.yml from ``templates/init/mkdocs.yml``: the plugin, Material, the extensions."""
    template = (shipped("templates") / "init" / "mkdocs.yml").read_text(encoding="utf-8")
    t = interview.t
    header = t["init.mkdocs_header"].format(company=company, policy=POLICY.as_posix())
    return string.Template(template).substitute(
        header="\n".join(f"# {line}" for line in header.splitlines()),
        site_name=yamlwriter.quoted(t["init.site_name"].format(company=company)),
        policy=POLICY.as_posix(),
        print_title=yamlwriter.quoted(t["init.print_title"]),
        print_toc=yamlwriter.quoted(t["init.print_toc"]),
    )


def _findings(policy: Path) -> list[str]:
    """What ``playbook check`` objects to in the answers (a TikTok bio too long for 80...)."""
    from playbook.guideline import load

    ctx, _ = load(policy)
    found = [f for f in checks.run(ctx) if f.severity != "advice"]
    return [*map(str, found), checks.summary(found, str(policy))] if found else []


def intro(language: str) -> str:
    """The line shown before the first question."""
    return Catalog(language, [shipped("templates")]).strings["init.intro"].format(
        policy=POLICY.as_posix()
    )


def check_free(folder: Path, language: str, force: bool) -> None:
    """Refuse before asking anything if a file init would write exists (unless ``force``)."""
    if force:
        return
    t = Catalog(language, [shipped("templates")]).strings
    for relative in (POLICY, SCHEMA):
        if (folder / relative).exists():
            raise PlaybookError(t["init.exists"].format(file=folder / relative))


def create(
    folder: Path, *, preset: str, language: str, force: bool = False,
    ask: Ask | None = None,
) -> Result:
    """Ask, then write the project into ``folder``; nothing is written if anything fails."""
    check_free(folder, language, force)
    interview = Interview(preset, typing.cast(Language, language))
    data = interview.run(ask)
    text = policy_text(interview)
    shown = str(folder / POLICY)
    validate(parse_document(text, shown), Policy, shown)
    t = interview.t
    result = Result()
    writes = {folder / POLICY: text, folder / SCHEMA: schema_text()}
    config = folder / MKDOCS
    if not config.exists():
        writes[config] = mkdocs_text(interview, data["company"]["name"])
    for path, content in writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        result.messages.append(t["init.wrote"].format(file=path))
    (folder / DOCS).mkdir(exist_ok=True)
    if config not in writes:
        uses_plugin = re.search(r"^\s*-?\s*playbook\b", config.read_text(encoding="utf-8"), re.M)
        key = "init.kept" if uses_plugin else "init.kept_without_plugin"
        result.messages.append(t[key].format(file=config, policy=POLICY.as_posix()))
    result.messages += _findings(folder / POLICY)
    where = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
    result.messages.append(t["init.next"].format(command=f"{where}mkdocs serve"))
    return result

