"""The policy: a company's answers to the social-media strategy questions, as validated data.

Every field carries a description: it feeds the JSON Schema (editor completion), the reference
documentation and error messages. The model knows nothing of MkDocs or of page layout.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    WithJsonSchema,
    field_validator,
    model_validator,
)


class Strict(BaseModel):
    """Base of every policy model: unknown keys are errors, booleans are never guessed.

    Numbers are ``StrictInt``/``StrictFloat``: pydantic would otherwise read ``true`` as 1 and
    ``"6"`` as 6, and a wrong type would pass unnoticed.

    ``defer_build``: a validator is built when a model is first validated, not when the module
    is imported. Only the top-level models (the policy, the library files) are validated on
    their own; building a validator for each of the nested ones too was a quarter of the
    plugin's cost on a small guideline (0.1 s of every ``mkdocs build``).
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


Language = Literal["de", "en"]
AddressForm = Literal["du", "Sie"]
ChannelRole = Literal["distribution", "hybrid", "service"]
Priority = Literal["urgent", "high", "normal", "low"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Topic = Literal[
    "service",
    "distribution",
    "following",
    "branding",
    "listening",
    "crisis",
    "multi-account",
    "employee-voice",
]
TOPICS: tuple[Topic, ...] = get_args(Topic)

_DURATION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(min|m|h|d)\s*$", re.IGNORECASE)
_UNIT_MINUTES = {"min": 1, "m": 1, "h": 60, "d": 1440}


def _minutes(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a duration such as '30 min', '2 h' or '1 d'")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            number = float(match.group(1).replace(",", "."))
            return round(number * _UNIT_MINUTES[match.group(2).lower()], 4)
    raise ValueError(f"{value!r} is not a duration; write it as '30 min', '2 h' or '1 d'")


def _positive(value: float) -> float:
    if value <= 0:
        raise ValueError("a duration must be longer than zero")
    if value > 60 * 24 * 30:
        raise ValueError("a duration longer than 30 days is not a response target")
    return value


Minutes = Annotated[
    float,
    BeforeValidator(_minutes),
    AfterValidator(_positive),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*\d+([.,]\d+)?\s*(min|m|h|d)\s*$"},
                {"type": "number", "exclusiveMinimum": 0},
            ],
            "description": "A duration: '30 min', '2 h', '1 d', or a number of minutes.",
        }
    ),
]


def _days(value: Any) -> Any:
    """Read ``mon-fri``, ``sat`` or ``mon, wed`` into a list of weekdays."""
    if isinstance(value, list):
        return value
    if not isinstance(value, str):
        raise ValueError("expected weekdays such as 'mon-fri', 'sat' or 'mon, wed'")
    days: list[str] = []
    for part in value.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ValueError(
                f"{part!r} is not a weekday range; use mon, tue, ... sun, e.g. 'mon-fri'"
            )
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)  # type: ignore[arg-type]
        if end < start:
            raise ValueError(f"{part!r} runs backwards; write the earlier day first")
        days.extend(WEEKDAYS[start : end + 1])
    return days


Days = Annotated[
    list[Weekday],
    BeforeValidator(_days),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^[a-z, -]+$"},
                {"type": "array", "items": {"enum": list(WEEKDAYS)}},
            ],
            "description": "Weekdays: 'mon-fri', 'sat', 'mon, wed' or a list.",
        }
    ),
]

_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


def _clock(value: Any) -> str:
    if not isinstance(value, str) or not _CLOCK.match(value) or (
        value.startswith("24") and value != "24:00"
    ):
        raise ValueError(f"{value!r} is not a time of day; write it as 'HH:MM', e.g. '08:30'")
    return value


Clock = Annotated[
    str,
    AfterValidator(_clock),
    WithJsonSchema({"type": "string", "pattern": _CLOCK.pattern, "description": "HH:MM"}),
]

_SAFE_SCHEMES = ("https://", "http://", "mailto:")


def _url(value: str) -> str:
    if any(c.isspace() for c in value) or any(c in value for c in "<>\"'`"):
        raise ValueError("a link may not contain spaces, quotes or angle brackets")
    if not value.lower().startswith(_SAFE_SCHEMES) or len(value) < 10:
        raise ValueError("a link must start with https://, http:// or mailto:")
    return value


Url = Annotated[
    str,
    AfterValidator(_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^(https?://|mailto:)"}),
]


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{value!r} is not a time zone; use an IANA name such as 'Europe/Berlin'"
        ) from None
    return value


TimeZone = Annotated[str, AfterValidator(_timezone)]
Text = Annotated[str, Field(min_length=1, max_length=5000)]
Line = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\n\r]*$")]


class Company(Strict):
    """Who publishes the guideline."""

    name: Line = Field(description="The company's name as staff and customers know it.")
    country: str = Field(
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166 country code, e.g. DE. Selects the legal rules the site explains.",
    )
    language: Language = Field(
        "de", description="Language of the guideline site: 'de' (German) or 'en' (English)."
    )
    address_form: AddressForm | None = Field(
        None,
        description="How German-speaking accounts address people: 'du' or 'Sie'. "
        "Accounts may override it.",
    )
    legal_notice_url: Url | None = Field(
        None, description="Link to the legal notice (Impressum) that every business profile shows."
    )
    privacy_url: Url | None = Field(None, description="Link to the privacy statement.")
    website: Url | None = Field(None, description="The company's website.")


class Status(Strict):
    """Whether this guideline is in force."""

    state: Literal["draft", "approved"] = Field(
        "draft", description="'draft' shows a DRAFT banner on every page; 'approved' does not."
    )
    approved_by: Line | None = Field(None, description="Who approved the guideline.")
    approved_on: dt.date | None = Field(None, description="When it was approved (YYYY-MM-DD).")
    review_interval_months: StrictInt = Field(
        12, ge=1, le=60, description="How often accounts and the guideline are reviewed, in months."
    )
    confirmation_url: Url | None = Field(
        None, description="The company's form where staff confirm they have read a change."
    )

    @model_validator(mode="after")
    def _approved_needs_approver(self) -> Status:
        if self.state == "approved" and not (self.approved_by and self.approved_on):
            raise ValueError("an approved guideline names approved_by and approved_on")
        return self


class AudienceCheck(Strict):
    """Question 2: whether the target group is active on the network at all."""

    done: StrictBool = Field(description="Whether the audience was checked before starting.")
    findings: Text | None = Field(None, description="What the check found, in a few sentences.")


class Strategy(Strict):
    """Question 1 and the goals: what the channels are for."""

    channel_role: ChannelRole = Field(
        description="Default role of every account: 'distribution' (news, little dialogue), "
        "'hybrid' (promotion plus answering requests) or 'service' (customer service first)."
    )
    rationale: Text | None = Field(None, description="Why this role was chosen.")
    goals: list[Line] = Field(default_factory=list, description="What the company wants to reach.")
    kpis: list[Line] = Field(default_factory=list, description="How success is measured.")
    audience_check: AudienceCheck | None = Field(None, description="The audience check.")
    listen_first: Text | None = Field(
        None, description="What the team listens for before it speaks on a new network."
    )
    key_rules: list[Line] = Field(
        default_factory=list,
        max_length=5,
        description="The five rules that matter most, shown on the start page.",
    )
    participation: Text | None = Field(
        None, description="How employees and company representatives are enabled to take part."
    )


class Naming(Strict):
    """Question 3: how accounts are named."""

    pattern: str | None = Field(
        None,
        description="A regular expression every handle must match, e.g. '^@nordlicht_[a-z]+$'.",
    )
    rule: Text = Field(description="The naming convention in words.")
    examples: list[Line] = Field(default_factory=list, description="Handles that follow the rule.")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a valid regular expression: {error}") from None
        return value


class SignOff(Strict):
    """How a reply shows the person behind the account."""

    convention: Literal["initials", "first_name", "team", "none"] = Field(
        description="Replies end with the agent's initials, first name, the team name, or nothing."
    )
    format: Line | None = Field(
        None,
        description="How the sign-off is written, with {initials} or {name}, e.g. '^{initials}'.",
    )


class ExampleReply(Strict):
    """A model answer for a typical situation."""

    situation: Literal["praise", "complaint", "question", "campaign_criticism", "other"] = Field(
        description="The kind of message answered."
    )
    message: Text = Field(description="What a customer wrote.")
    reply: Text = Field(description="How we answer.")


class Voice(Strict):
    """Question 4: conversational or broadcast, and how we sound."""

    style: Literal["conversational", "broadcast"] = Field(
        description="'conversational' (dialogue, visible people) or 'broadcast' (one-way news)."
    )
    formal_for_complaints: StrictBool = Field(
        False, description="Switch to the formal 'Sie' when a complaint escalates."
    )
    sign_off: SignOff | None = Field(None, description="How replies are signed.")
    do: list[Line] = Field(default_factory=list, description="What we do when we write.")
    dont: list[Line] = Field(default_factory=list, description="What we never do.")
    examples: list[ExampleReply] = Field(
        default_factory=list, description="Model replies for typical situations."
    )


class Following(Strict):
    """Question 6: whom the accounts follow."""

    follow: list[Line] = Field(default_factory=list, description="Whom we follow.")
    never_follow: list[Line] = Field(default_factory=list, description="Whom we never follow.")
    unfollow_when: list[Line] = Field(default_factory=list, description="When we unfollow.")
    follow_back: StrictBool | None = Field(
        None, description="Whether readers and customers who follow us are followed back."
    )


class Tool(Strict):
    """Question 7: a tool the authors use."""

    name: Line = Field(description="The tool's name.")
    purpose: Line = Field(description="What it is used for (publishing, service inbox, listening).")
    users: list[Line] = Field(default_factory=list, description="Who has access (roles or teams).")
    connected_to: list[Line] = Field(
        default_factory=list,
        description="Systems the tool draws customer knowledge from (CRM, billing, order "
        "history), so that answers can be individual.",
    )
    two_factor: StrictBool = Field(
        False, description="Whether two-factor authentication is switched on for every user."
    )


class Access(Strict):
    """Who may use the accounts, and how access starts and ends."""

    two_factor_required: StrictBool = Field(
        True, description="Two-factor authentication is mandatory on every account and tool."
    )
    shared_passwords: Line | None = Field(
        None, description="Where shared credentials are kept (a password manager, never a chat)."
    )
    joiners: list[Line] = Field(default_factory=list, description="Steps when someone joins.")
    leavers: list[Line] = Field(default_factory=list, description="Steps when someone leaves.")


class Branding(Strict):
    """Question 9: how the accounts are recognised at once."""

    profile_image: Line | None = Field(None, description="What the profile image shows.")
    banner: Line | None = Field(None, description="What the banner or background shows.")
    bio_template: Text | None = Field(
        None,
        description="Bio text with placeholders {company}, {name}, {handle}, {hours} and "
        "{legal_notice}; each account's bio is rendered from it.",
    )

    @field_validator("bio_template")
    @classmethod
    def _known_placeholders(cls, value: str | None) -> str | None:
        if value is None:
            return value
        allowed = {"company", "name", "handle", "hours", "legal_notice"}
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
        except ValueError as error:
            raise ValueError(f"broken placeholder: {error}") from None
        unknown = sorted(fields - allowed)
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{unknown[0]}}}; use {', '.join(sorted(allowed))}"
            )
        return value


class OpeningHours(Strict):
    """A stretch of the week in which the team answers."""

    days: Days = Field(description="Weekdays, e.g. 'mon-fri' or 'sat'.")
    open: Clock = Field(description="Start, 'HH:MM'.")
    close: Clock = Field(description="End, 'HH:MM' ('24:00' for midnight).")

    @model_validator(mode="after")
    def _ordered(self) -> OpeningHours:
        if self.close <= self.open:
            raise ValueError(f"closes at {self.close}, before it opens at {self.open}")
        return self


class ResponseTarget(Strict):
    """How fast a kind of message is answered."""

    priority: Priority = Field(description="'urgent', 'high', 'normal' or 'low'.")
    within: Minutes = Field(description="First answer within, e.g. '30 min' or '4 h'.")
    share: StrictFloat = Field(
        0.8, gt=0, le=1, description="Share of messages answered within the time, e.g. 0.8."
    )
    examples: list[Line] = Field(default_factory=list, description="Typical messages.")


class TriageCell(Strict):
    """One cell of the urgent/important matrix."""

    examples: list[Line] = Field(default_factory=list, description="Typical messages in this cell.")
    action: Line = Field(description="What the agent does with them.")


class Triage(Strict):
    """The urgent/important matrix that sorts incoming messages."""

    urgent_important: TriageCell = Field(description="Urgent and important.")
    urgent_not_important: TriageCell = Field(description="Urgent, not important.")
    important_not_urgent: TriageCell = Field(description="Important, not urgent.")
    neither: TriageCell = Field(description="Neither urgent nor important.")


class PrivateMessages(Strict):
    """When a conversation leaves the public timeline."""

    when: list[Line] = Field(
        default_factory=list, description="Topics that move to private messages (account data...)."
    )
    how: Text | None = Field(None, description="How the move is proposed to the customer.")
    offline: list[Line] = Field(
        default_factory=list, description="Topics that leave social media altogether."
    )


class Faq(Strict):
    """How FAQ pages and social answers work together."""

    url: Url | None = Field(None, description="The FAQ's address.")
    use: Text = Field(description="When agents link the FAQ in a reply.")


class Escalation(Strict):
    """A rule that hands a message to someone else."""

    trigger: Line = Field(description="What makes the agent escalate.")
    to: Line = Field(description="The role or team that takes over.")
    contact: Line | None = Field(None, description="The person named for it.")
    within: Minutes | None = Field(None, description="How soon the hand-over happens.")


_HOUR_SPAN = re.compile(r"(?:^|\s)(\d{1,2})(?::00)?\s*-\s*(\d{1,2})(?::00)?$")


@lru_cache(maxsize=1024)
def hour_range(text: str) -> tuple[tuple[Weekday, ...], int, int]:
    """Read ``mon-fri 08-18``, ``sat 10-14``, ``08-18`` (every day) or ``sun`` (all day).

    Hours are whole and the end is exclusive: ``08-18`` is the ten hours from 08:00 to 18:00.
    """
    text = " ".join(str(text).lower().split())
    span = _HOUR_SPAN.search(text)
    if span is None:
        if any(c.isdigit() for c in text):
            raise ValueError(
                f"{text!r} is not a range of whole hours; write e.g. 'mon-fri 08-18' or '08-18'"
            )
        days, start, end = text, 0, 24
    else:
        days, start, end = text[: span.start()].strip(), int(span.group(1)), int(span.group(2))
        if start > 23 or end > 24:
            raise ValueError(f"{text!r}: hours run from 00 to 24")
        if end <= start:
            raise ValueError(
                f"{text!r} ends before it starts; a range stays within one day, so split a "
                "night shift into e.g. 'mon-fri 22-24' and 'tue-sat 00-06'"
            )
    weekdays: list[Weekday] = _days(days) if days else list(WEEKDAYS)
    return tuple(weekdays), start, end


def _hour_range_key(value: str) -> str:
    hour_range(value)
    return value


def _days_key(value: str) -> str:
    _days(value)
    return value


HourRange = Annotated[
    str,
    AfterValidator(_hour_range_key),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*(?:[a-z][a-z, -]*[a-z]|(?:[a-z][a-z, -]*[a-z]\s+)?"
            r"\d{1,2}(?::00)?\s*-\s*\d{1,2}(?::00)?)\s*$",
            "description": "Weekdays and whole hours: 'mon-fri 08-18', 'sat 10-14', "
            "'08-18' (every day) or 'sun' (the whole day).",
        }
    ),
]
DayRange = Annotated[
    str,
    AfterValidator(_days_key),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[a-z, -]+$",
            "description": "Weekdays: 'mon-fri', 'sat' or 'mon, wed'.",
        }
    ),
]
Week = list[list[float]]
"""Seven days (Monday first) of 24 hourly values."""


def week_grid(entries: Mapping[str, float]) -> Week:
    """Hourly values from range lines; hours no line names are 0, a later line wins."""
    grid = [[0.0] * 24 for _ in WEEKDAYS]
    for key, value in entries.items():
        days, start, end = hour_range(key)
        for day in days:
            grid[WEEKDAYS.index(day)][start:end] = [float(value)] * (end - start)
    return grid


def _every_day(value: Any) -> Any:
    """A bare number means the same count on every day of the week."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"mon-sun": value}
    return value


DailyCount = Annotated[StrictFloat, Field(ge=0, le=1_000_000)]
PerDay = Annotated[
    dict[DayRange, DailyCount],
    BeforeValidator(_every_day),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1_000_000},
                {
                    "type": "object",
                    "propertyNames": {"pattern": r"^[a-z, -]+$"},
                    "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1_000_000},
                },
            ],
        }
    ),
]


class Messages(Strict):
    """How many messages a team expects in a typical week, in the service's time zone."""

    per_hour: dict[HourRange, Annotated[StrictFloat, Field(ge=0, le=100_000)]] | None = Field(
        None,
        description="Messages per hour by weekday and hour, e.g. {'mon-fri 08-18': 20, "
        "'sat-sun 00-24': 3}. Hours no line names get none; a later line overrides an "
        "earlier one. Give either this or per_day with a profile.",
    )
    per_day: PerDay | None = Field(
        None,
        description="Messages per day: one number for every day, or by weekday, e.g. "
        "{'mon-fri': 240, 'sat': 90, 'sun': 60}. The profile spreads them over the hours.",
    )
    profile: dict[HourRange, Annotated[StrictFloat, Field(ge=0, le=1_000_000)]] | None = Field(
        None,
        description="How a day's messages spread over its hours, as relative weights, e.g. "
        "{'00-07': 1, '07-12': 6, '12-18': 5, '18-24': 3}; a weekday in front ('sat 10-14') "
        "applies to that day only, and a later line overrides an earlier one.",
    )

    @model_validator(mode="after")
    def _one_form(self) -> Messages:
        if (self.per_hour is None) == (self.per_day is None):
            raise ValueError("give either per_hour, or per_day with a profile")
        if self.per_hour is not None and self.profile is not None:
            raise ValueError("a profile spreads per_day over the hours; per_hour needs none")
        if self.per_day is not None:
            if not self.profile:
                raise ValueError("per_day needs a profile that spreads the day over its hours")
            weights = week_grid(self.profile)
            for day, total in zip(WEEKDAYS, self._daily(), strict=True):
                if total > 0 and not any(weights[WEEKDAYS.index(day)]):
                    raise ValueError(
                        f"{day} has messages but no hour in the profile; add e.g. "
                        f"'{day} 09-17: 1'"
                    )
        return self

    def _daily(self) -> list[float]:
        totals = [0.0] * len(WEEKDAYS)
        for key, value in (self.per_day or {}).items():
            for day in _days(key):
                totals[WEEKDAYS.index(day)] = float(value)
        return totals

    def week(self) -> Week:
        """Messages expected in each hour of the week, Monday 00-01 first."""
        if self.per_hour is not None:
            return week_grid(self.per_hour)
        weights = week_grid(self.profile or {})
        return [
            [total * w / sum(row) if total else 0.0 for w in row]
            for total, row in zip(self._daily(), weights, strict=True)
        ]


class StaffingTeam(Strict):
    """A service team's workload and roster, for the Staffing page and the gap check."""

    team: Line = Field(description="The team's name, e.g. 'Social Service'.")
    accounts: list[str] = Field(
        default_factory=list,
        description="Handles the team answers on; their opening hours and response targets "
        "apply. Empty: every account that answers requests.",
    )
    messages: Messages = Field(description="Expected incoming messages in a typical week.")
    handle_time: Minutes = Field(
        description="Average handling time of one message, research and follow-up included, "
        "e.g. '6 min'."
    )
    shrinkage: StrictFloat = Field(
        ge=0,
        lt=1,
        description="Share of rostered time nobody answers (breaks, meetings, training, "
        "absence), e.g. 0.3. Rostered agents times (1 - shrinkage) are answering.",
    )
    plan: dict[HourRange, Annotated[StrictInt, Field(ge=0, le=10_000)]] | None = Field(
        None,
        description="Planned staff (people on shift) per hour, e.g. {'mon-fri 07-09': 2, "
        "'mon-fri 09-17': 4, 'sat 09-14': 2}. Hours no line names have nobody; a later line "
        "overrides an earlier one. Leave it out to see only what is needed.",
    )

    def planned(self) -> list[list[int]] | None:
        """People on shift in each hour of the week, or None without a plan."""
        if self.plan is None:
            return None
        return [[int(v) for v in row] for row in week_grid(self.plan)]


class Service(Strict):
    """Service on social networks: when, how fast, and where messages go."""

    timezone: TimeZone = Field("Europe/Berlin", description="Time zone of the opening hours.")
    hours: list[OpeningHours] = Field(
        default_factory=list, description="When the team is online (default for all accounts)."
    )
    outside_hours: Text | None = Field(
        None, description="What happens to messages that arrive outside the hours."
    )
    response_targets: list[ResponseTarget] = Field(
        default_factory=list, description="First-response targets by priority."
    )
    triage: Triage | None = Field(None, description="The urgent/important matrix.")
    private_messages: PrivateMessages | None = Field(
        None, description="What moves to private messages or offline."
    )
    faq: Faq | None = Field(None, description="How the FAQ is used in replies.")
    escalation: list[Escalation] = Field(default_factory=list, description="Escalation rules.")
    thank_praise: StrictBool = Field(
        True, description="Positive posts are thanked: small surprises change how a brand is seen."
    )
    staffing: list[StaffingTeam] = Field(
        default_factory=list,
        description="Capacity planning per team: expected messages, handling time, shrinkage "
        "and the roster; each team gets a Staffing page.",
    )

    @field_validator("response_targets")
    @classmethod
    def _one_per_priority(cls, targets: list[ResponseTarget]) -> list[ResponseTarget]:
        seen: set[str] = set()
        for target in targets:
            if target.priority in seen:
                raise ValueError(f"priority {target.priority!r} is given twice")
            seen.add(target.priority)
        return targets

    @field_validator("staffing")
    @classmethod
    def _one_per_team(cls, teams: list[StaffingTeam]) -> list[StaffingTeam]:
        seen: set[str] = set()
        for team in teams:
            if team.team.lower() in seen:
                raise ValueError(f"team {team.team!r} is given twice")
            seen.add(team.team.lower())
        return teams


class Threshold(Strict):
    """An early-warning signal and what happens when it is crossed."""

    signal: Line = Field(description="What is counted, e.g. 'mentions of the brand per hour'.")
    threshold: Line = Field(description="When it counts as a warning, e.g. 'more than 50'.")
    action: Line = Field(description="What happens then.")
    notify: Line | None = Field(None, description="Who is told.")


class Monitoring(Strict):
    """Listening: what the team searches for and when it raises the alarm."""

    keywords: list[Line] = Field(default_factory=list, description="Company and product names.")
    misspellings: list[Line] = Field(default_factory=list, description="Common misspellings.")
    competitors: list[Line] = Field(default_factory=list, description="Competitors watched.")
    tools: list[Line] = Field(default_factory=list, description="Listening tools.")
    frequency: Line | None = Field(None, description="How often the searches run.")
    thresholds: list[Threshold] = Field(default_factory=list, description="Early-warning rules.")
    works_council: Text | None = Field(
        None, description="The works council's agreement where monitoring touches employees."
    )


class Employees(Strict):
    """Question 5 and employees' own accounts."""

    private_use: Text | None = Field(
        None, description="What employees may do on their own accounts."
    )
    for_company: Text | None = Field(
        None,
        description="Who speaks for the company (official accounts, press office) and how "
        "employees hand over questions addressed to the company.",
    )
    disclosure: Line | None = Field(
        None, description="How employees disclose that they work for the company."
    )
    opinion_disclaimer: Line | None = Field(
        None, description="How they mark opinions as their own."
    )
    advertising_marking: Line | None = Field(
        None, description="How posts praising the employer's products are marked as advertising."
    )
    never: list[Line] = Field(
        default_factory=list,
        description="What employees never post (e.g. forward-looking figures).",
    )
    training: list[Line] = Field(default_factory=list, description="Training offered.")


class Moderation(Strict):
    """House rules: the good, the bad, not the ugly."""

    welcome: list[Line] = Field(default_factory=list, description="What is welcome.")
    criticism: Text | None = Field(None, description="How criticism is handled (it stays).")
    hide: list[Line] = Field(default_factory=list, description="What gets hidden.")
    delete: list[Line] = Field(default_factory=list, description="What gets deleted.")
    contact: Text | None = Field(None, description="How readers reach service privately.")
    reasons: Text | None = Field(
        None,
        description="Why posts are hidden or deleted, in words the public understands "
        "(shown on the house rules page).",
    )


class HoldingStatement(Strict):
    """A prepared first statement."""

    situation: Line = Field(description="When it is used.")
    text: Text = Field(description="The statement.")


class Crisis(Strict):
    """What happens when things go wrong."""

    triggers: list[Line] = Field(default_factory=list, description="What counts as a crisis.")
    decides: Line | None = Field(None, description="Who decides and speaks.")
    team: list[Line] = Field(default_factory=list, description="Who else is called in.")
    steps: list[Line] = Field(default_factory=list, description="The steps, in order.")
    holding_statements: list[HoldingStatement] = Field(
        default_factory=list, description="Prepared first statements."
    )
    scheduled_posts: Line | None = Field(
        None, description="What happens to scheduled posts during a crisis."
    )


class ChecklistItem(Strict):
    """A company's own item on one of the generated checklists."""

    checklist: Literal["launch", "shift", "crisis"] = Field(description="Which checklist.")
    text: Line = Field(description="The item.")


class Member(Strict):
    """A member of the service team, as readers of a signed reply see them."""

    initials: str = Field(pattern=r"^[A-Za-z]{1,4}$", description="Sign-off initials, e.g. 'ro'.")
    name: Line = Field(description="First name shown to readers.")
    accounts: list[str] = Field(
        default_factory=list, description="Handles this person answers on (empty: all)."
    )


class Change(Strict):
    """One entry of the guideline's changelog."""

    date: dt.date = Field(description="When the change took effect (YYYY-MM-DD).")
    summary: Line = Field(description="What changed, in one line.")
    details: list[Line] = Field(default_factory=list, description="Further points.")
    acknowledge: StrictBool = Field(
        False, description="Staff must read and confirm this change: shows a banner on every page."
    )


class Network(Strict):
    """A social network's properties that the guideline relies on."""

    name: Line = Field(description="Display name, e.g. 'Instagram'.")
    text_limit: StrictInt | None = Field(None, ge=1, description="Characters per post, if limited.")
    bio_limit: StrictInt | None = Field(None, ge=1, description="Characters in the profile bio.")
    private_messages: StrictBool = Field(
        description="Whether accounts can receive private messages."
    )
    business_profile: StrictBool = Field(
        True, description="Whether company profiles there need a legal-notice link (in DE)."
    )


class LegalRule(Strict):
    """A legal duty the guideline explains, in both site languages."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable id, e.g. 'impressum'.")
    title: dict[Language, Line] = Field(description="Headline per language.")
    text: dict[Language, Text] = Field(description="What staff must do, per language.")


class LegalLibrary(Strict):
    """Legal rules: general ones for every company, and more per country."""

    general: list[LegalRule] = Field(default_factory=list, description="Rules for everyone.")
    countries: dict[str, list[LegalRule]] = Field(
        default_factory=dict, description="Extra rules per ISO country code."
    )


class Account(Strict):
    """One account on one network, with settings that override the company's defaults."""

    handle: Line = Field(description="The account's handle, e.g. '@nordlicht_hilft'.")
    network: str = Field(description="Network id from the library or `networks`, e.g. 'x'.")
    name: Line | None = Field(None, description="Display name on the profile.")
    division: Line | None = Field(None, description="Division, brand or region it speaks for.")
    role: ChannelRole | None = Field(None, description="Overrides strategy.channel_role.")
    purpose: Text = Field(description="What the account is for.")
    owner: Line | None = Field(None, description="Who is responsible for it.")
    content: list[Line] = Field(default_factory=list, description="What it posts.")
    language: Language | None = Field(None, description="Overrides company.language.")
    address_form: AddressForm | None = Field(None, description="Overrides company.address_form.")
    hours: list[OpeningHours] | None = Field(None, description="Overrides service.hours.")
    response_targets: list[ResponseTarget] | None = Field(
        None, description="Overrides service.response_targets."
    )
    bio: Text | None = Field(None, description="The bio as written; else from the bio template.")
    url: Url | None = Field(None, description="Link to the profile.")
    tool: Line | None = Field(None, description="The team tool the account is connected to.")
    two_factor: StrictBool | None = Field(None, description="Two-factor authentication is on.")
    last_review: dt.date | None = Field(None, description="When the account was last reviewed.")


class LibraryExample(Strict):
    """A best-practice case: what someone did and what it teaches."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable id, e.g. 'comcast'.")
    who: Line = Field(description="Company or account.")
    topics: list[Topic] = Field(min_length=1, description="Topics the case illustrates.")
    roles: list[ChannelRole] = Field(
        default_factory=list, description="Channel roles it suits (empty: all)."
    )
    title: dict[Language, Line] = Field(description="Headline per language.")
    story: dict[Language, Text] = Field(description="What they did, per language.")
    lesson: dict[Language, Text] = Field(description="What it teaches, per language.")


class Examples(Strict):
    """Which best-practice examples the site shows."""

    disabled: list[str] = Field(default_factory=list, description="Built-in example ids to hide.")
    custom: list[LibraryExample] = Field(default_factory=list, description="The company's own.")


class Policy(Strict):
    """The whole policy file."""

    model_config = ConfigDict(title="playbook policy")

    company: Company = Field(description="Who publishes the guideline.")
    status: Status = Field(default_factory=Status, description="Draft or approved.")
    strategy: Strategy = Field(description="Role of the channels, goals and audience.")
    accounts: list[Account] = Field(min_length=1, description="The company's accounts.")
    naming: Naming | None = Field(None, description="The naming convention for accounts.")
    voice: Voice | None = Field(None, description="Voice, tone and sign-off.")
    following: Following | None = Field(None, description="Whom the accounts follow.")
    tools: list[Tool] = Field(default_factory=list, description="Tools the authors use.")
    access: Access | None = Field(None, description="Access, two-factor, joiners and leavers.")
    branding: Branding | None = Field(None, description="Profile image, banner, bio.")
    service: Service | None = Field(None, description="Hours, response targets, escalation.")
    monitoring: Monitoring | None = Field(None, description="Listening and early warning.")
    employees: Employees | None = Field(None, description="Employees' own accounts.")
    moderation: Moderation | None = Field(None, description="House rules.")
    crisis: Crisis | None = Field(None, description="Crisis handling.")
    checklists: list[ChecklistItem] = Field(
        default_factory=list, description="The company's own checklist items."
    )
    team: list[Member] = Field(default_factory=list, description="The service team's roster.")
    changelog: list[Change] = Field(default_factory=list, description="Changes, any order.")
    examples: Examples = Field(default_factory=Examples, description="Best-practice examples.")
    networks: dict[str, Network] = Field(
        default_factory=dict, description="Networks added to or overriding the built-in library."
    )

    def effective(self, account: Account) -> Effective:
        """The settings that apply to ``account``: its own, else the company's."""
        service = self.service or Service()
        return Effective(
            account=account,
            role=account.role or self.strategy.channel_role,
            language=account.language or self.company.language,
            address_form=account.address_form or self.company.address_form,
            hours=tuple(account.hours if account.hours is not None else service.hours),
            response_targets=tuple(
                account.response_targets
                if account.response_targets is not None
                else service.response_targets
            ),
        )

    def staffed(self, team: StaffingTeam) -> list[Effective]:
        """The accounts ``team`` answers on: those it names, else every one that answers."""
        views = [self.effective(a) for a in self.accounts]
        if not team.accounts:
            return [v for v in views if v.answers]
        wanted = {h.lower() for h in team.accounts}
        return [v for v in views if v.account.handle.lower() in wanted]


@dataclass(frozen=True)
class Effective:
    """An account with the company's defaults filled in."""

    account: Account
    role: ChannelRole
    language: Language
    address_form: AddressForm | None
    hours: tuple[OpeningHours, ...]
    response_targets: tuple[ResponseTarget, ...]

    @property
    def answers(self) -> bool:
        """Whether the account answers requests (hybrid or service)."""
        return self.role != "distribution"


def reference_problems(
    policy: Policy, networks: dict[str, Network], example_ids: set[str]
) -> list[tuple[tuple[str | int, ...], str]]:
    """Cross-references a field validator cannot see: (field path, message) for each problem."""
    import difflib

    def suggest(value: str, known: set[str]) -> str:
        close = difflib.get_close_matches(value, sorted(known), n=1)
        return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(sorted(known))}"

    problems: list[tuple[tuple[str | int, ...], str]] = []
    handles: dict[str, int] = {}
    for i, account in enumerate(policy.accounts):
        if account.network not in networks:
            problems.append(
                (("accounts", i, "network"), f"unknown network {account.network!r}"
                 + suggest(account.network, set(networks)))
            )
        key = account.handle.lower()
        if key in handles:
            problems.append(
                (("accounts", i, "handle"),
                 f"handle {account.handle!r} is used twice (first as accounts.{handles[key]})")
            )
        handles.setdefault(key, i)
    for i, member in enumerate(policy.team):
        for j, handle in enumerate(member.accounts):
            if handle.lower() not in handles:
                problems.append(
                    (("team", i, "accounts", j), f"no account {handle!r}"
                     + suggest(handle, {a.handle for a in policy.accounts}))
                )
    for i, team in enumerate(policy.service.staffing if policy.service else []):
        for j, handle in enumerate(team.accounts):
            if handle.lower() not in handles:
                problems.append(
                    (("service", "staffing", i, "accounts", j), f"no account {handle!r}"
                     + suggest(handle, {a.handle for a in policy.accounts}))
                )
        staffed = policy.staffed(team)
        if not staffed:
            problems.append(
                (("service", "staffing", i, "accounts"),
                 "the team answers on no account; name its accounts, or give an account the "
                 "role 'hybrid' or 'service'")
            )
        elif not any(view.response_targets for view in staffed):
            problems.append(
                (("service", "staffing", i, "team"),
                 "no response target applies to this team's accounts, so nothing says how many "
                 "agents it needs; add service.response_targets")
            )
    for i, example_id in enumerate(policy.examples.disabled):
        if example_id not in example_ids:
            problems.append(
                (("examples", "disabled", i), f"no built-in example {example_id!r}"
                 + suggest(example_id, example_ids))
            )
    return problems
