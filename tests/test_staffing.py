"""Capacity planning: the staffing section of a policy, the week it yields, the Staffing page
and the ``playbook staffing`` command."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ENGLISH, GERMAN, MKDOCS_YML, load_yaml, mkdocs_build, page_text, write_project

from playbook import checks, heatmap
from playbook.cli import main
from playbook.errors import PlaybookError
from playbook.guideline import generate, load
from playbook.model import Messages, hour_range
from playbook.staffing import TeamWeek, day_label

FRONT_DESK = {
    "team": "Front Desk",
    "accounts": ["@nordlicht_hilft"],
    "handle_time": "6 min",
    "shrinkage": 0,
    "messages": {"per_hour": {"mon-fri 08-20": 30}},
    "plan": {"mon-fri 08-18": 4, "mon-fri 18-20": 2},
}
"""30 messages an hour at 6 minutes with 80 % within 30 minutes need 4 agents; the roster
has only 2 in the evenings."""


def policy_with(*teams: dict, targets: list | None = None) -> dict:
    data = load_yaml(GERMAN)
    data["service"]["staffing"] = [copy.deepcopy(t) for t in teams]
    if targets is not None:
        data["service"]["response_targets"] = targets
    return data


PAGE = "staffing/social-service/index.html"
EIGHTY_IN_30 = [{"priority": "normal", "within": "30 min", "share": 0.8}]


def week_of(tmp_path: Path, data: dict, index: int = 0) -> TeamWeek:
    path = tmp_path / "policy.yml"
    write_project(tmp_path, data)
    ctx, _ = load(path)
    return ctx.staffing[index]


def test_hour_ranges_read_like_a_roster() -> None:
    assert hour_range("mon-fri 08-18") == (("mon", "tue", "wed", "thu", "fri"), 8, 18)
    assert hour_range("sat 9-14") == (("sat",), 9, 14)
    assert hour_range("18:00-24:00")[1:] == (18, 24)
    assert len(hour_range("07-09")[0]) == 7
    assert hour_range("sun") == (("sun",), 0, 24)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mon-fri 22-06", "split a night shift"),
        ("mon-fri 08:30-18", "whole hours"),
        ("mon 08-25", "hours run from 00 to 24"),
        ("mo-fr 08-18", "'mo-fr' is not a weekday range"),
    ],
)
def test_bad_hour_ranges_say_how_to_write_them(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        hour_range(text)


def test_a_later_line_overrides_an_earlier_one() -> None:
    week = Messages(per_hour={"00-24": 2, "mon-fri 08-18": 20}).week()
    assert week[0][7:9] == [2.0, 20.0]
    assert week[6][12] == 2.0


def test_a_daily_total_is_spread_by_the_profile() -> None:
    messages = Messages(per_day={"mon-fri": 240, "sun": 30}, profile={"00-24": 1, "08-18": 5})
    week = messages.week()
    assert [round(sum(day), 6) for day in week] == [240, 240, 240, 240, 240, 0, 30]
    assert week[0][9] == pytest.approx(5 * week[0][3])
    assert sum(map(sum, Messages(per_day=100, profile={"09-17": 1}).week())) == 700


def test_staffing_mistakes_point_at_file_line_and_field(tmp_path: Path) -> None:
    data = policy_with(dict(FRONT_DESK, plan={"mon-fri 08-18": 4, "mon-fry 18-20": 2}))
    write_project(tmp_path, data)
    with pytest.raises(PlaybookError) as error:
        load(tmp_path / "policy.yml")
    text = str(error.value)
    assert re.search(r"policy\.yml:\d+:\d+: service\.staffing\.0\.plan\.mon-fry 18-20: ", text)
    assert "'mon-fry' is not a weekday range" in text
    assert "[key]" not in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"accounts": ["@nordlicht_hilf"]}, "did you mean '@nordlicht_hilft'?"),
        ({"messages": {"per_day": 100}}, "per_day needs a profile"),
        (
            {"messages": {"per_day": {"sat": 50}, "profile": {"mon-fri 08-18": 1}}},
            "sat has messages but no hour in the profile",
        ),
        ({"plan": {"mon-fri 08-18": 2.5}}, "expected a whole number, got 2.5"),
        ({"shrinkage": 1}, "must be less than 1"),
    ],
)
def test_staffing_answers_are_validated(tmp_path: Path, change: dict, message: str) -> None:
    write_project(tmp_path, policy_with(dict(FRONT_DESK, **change)))
    with pytest.raises(PlaybookError, match=re.escape(message)):
        load(tmp_path / "policy.yml")


def test_a_team_without_response_targets_is_refused(tmp_path: Path) -> None:
    write_project(tmp_path, policy_with(FRONT_DESK, targets=[]))
    with pytest.raises(PlaybookError, match="no response target applies to this team"):
        load(tmp_path / "policy.yml")


def test_gaps_are_grouped_into_ranges(tmp_path: Path) -> None:
    week = week_of(tmp_path, policy_with(FRONT_DESK, targets=EIGHTY_IN_30))
    messages = [week.gap_message(span) for span in week.gaps()]
    assert messages == ["Mon-Fri 18-20: 2 planned, 4 needed for 80 % within 30 min"]
    assert week.gap_hours == 10
    assert week.hours[0][18].missing == 2
    assert week.hours[0][18].service_level < 0.8 <= week.hours[0][10].service_level


def test_gaps_on_different_days_and_hours_stay_apart(tmp_path: Path) -> None:
    team = dict(
        FRONT_DESK,
        plan={"mon-fri 08-20": 4, "mon, wed 08-10": 3, "fri 08-10": 3, "tue 19-20": 0},
    )
    week = week_of(tmp_path, policy_with(team, targets=EIGHTY_IN_30))
    assert [week.gap_message(s) for s in week.gaps()] == [
        "Mon, Wed, Fri 08-10: 3 planned, 4 needed for 80 % within 30 min",
        "Tue 19-20: 0 planned, 4 needed for 80 % within 30 min",
    ]


def test_shrinkage_raises_the_people_needed_without_rounding_noise(tmp_path: Path) -> None:
    """7 answering agents at 30 % shrinkage are exactly 10 people on shift, not 11."""
    team = dict(FRONT_DESK, shrinkage=0.3, messages={"per_hour": {"mon 10-11": 60}}, plan=None)
    week = week_of(tmp_path, policy_with(team, targets=EIGHTY_IN_30))
    hour = week.hours[0][10]
    assert (hour.agents, hour.needed) == (7, 10)
    assert not week.gaps()


def test_share_outside_hours_and_the_hours_of_work(tmp_path: Path) -> None:
    """@nordlicht_hilft is open Mon-Fri 07-20 and Sat 09-14: 70 of 168 hours."""
    team = dict(FRONT_DESK, messages={"per_hour": {"00-24": 6}}, plan=None)
    week = week_of(tmp_path, policy_with(team, targets=EIGHTY_IN_30))
    assert week.share_outside == pytest.approx(98 / 168)
    assert week.messages == pytest.approx(6 * 168)
    assert week.hours_needed == 70 * week.hours[0][12].needed
    assert week.backlog_hours == pytest.approx(98 * 6 * 6 / 60)
    assert week.hours_planned is None


def test_partly_open_hours_count_as_open(tmp_path: Path) -> None:
    data = policy_with(dict(FRONT_DESK, plan=None), targets=EIGHTY_IN_30)
    data["accounts"][0]["hours"] = [{"days": "mon", "open": "09:30", "close": "10:15"}]
    week = week_of(tmp_path, data)
    assert [h.open_share for h in week.hours[0][8:12]] == [0, 0.5, 0.25, 0]
    assert week.hours[0][10].needed > 0 == week.hours[1][10].needed


def test_without_opening_hours_every_hour_counts(tmp_path: Path) -> None:
    data = policy_with(dict(FRONT_DESK, plan=None), targets=EIGHTY_IN_30)
    data["service"]["hours"] = []
    data["accounts"][0].pop("hours", None)
    week = week_of(tmp_path, data)
    assert week.around_the_clock
    assert week.share_outside == 0


def test_the_german_example_plan_meets_its_targets(tmp_path: Path) -> None:
    ctx, _ = load(GERMAN)
    [week] = ctx.staffing
    assert week.has_plan and week.gaps() == []
    assert week.targets[0].describe() == "90 % within 30 min"
    assert 0.15 < week.share_outside < 0.3


def test_check_reports_each_gap_range_at_its_plan_line(tmp_path: Path) -> None:
    write_project(tmp_path, policy_with(FRONT_DESK, targets=EIGHTY_IN_30))
    ctx, _ = load(tmp_path / "policy.yml")
    found = [f for f in checks.run(ctx) if f.rule == "staffing-gap"]
    assert [f.message for f in found] == [
        "Front Desk, Mon-Fri 18-20: 2 planned, 4 needed for 80 % within 30 min"
    ]
    lines = (tmp_path / "policy.yml").read_text(encoding="utf-8").splitlines()
    [finding] = found
    assert finding.severity == "warning"
    assert finding.path == "service.staffing.0.plan.mon-fri 18-20"
    assert lines[finding.line - 1].strip() == "mon-fri 18-20: 2"


def test_check_points_at_the_plan_when_no_line_names_the_hour(tmp_path: Path) -> None:
    team = dict(FRONT_DESK, plan={"mon-fri 08-18": 4})
    write_project(tmp_path, policy_with(team, targets=EIGHTY_IN_30))
    ctx, _ = load(tmp_path / "policy.yml")
    [finding] = [f for f in checks.run(ctx) if f.rule == "staffing-gap"]
    assert finding.message.endswith("Mon-Fri 18-20: 0 planned, 4 needed for 80 % within 30 min")
    assert finding.path == "service.staffing.0.plan"


def test_the_german_example_has_no_staffing_gap() -> None:
    ctx, _ = load(GERMAN)
    assert not [f for f in checks.run(ctx) if f.rule == "staffing-gap"]


def test_day_labels_collapse_runs() -> None:
    assert day_label([0, 1, 2, 3, 4]) == "Mon-Fri"
    assert day_label([0, 2, 5, 6]) == "Mon, Wed, Sat-Sun"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["staffing", *args])
    return result.exit_code, result.output


def test_cli_prints_agents_service_level_and_occupancy() -> None:
    code, out = run("--per-hour", "200", "--handle-minutes", "3", "--within", "0.3333333")
    assert code == 0
    assert out == (
        "Traffic: 10 Erlang\n"
        "Agents needed: 14\n"
        "Service level: 88.8 % answered within 20 s\n"
        "Occupancy: 71.4 %\n"
    )


def test_cli_json_with_shrinkage() -> None:
    code, out = run(
        "--per-hour", "200", "--handle-minutes", "3", "--within", "0.3333333",
        "--target", "0.8", "--shrinkage", "0.3", "--format", "json",
    )
    assert code == 0
    assert json.loads(out) == {
        "agents": 14, "service_level": 0.88835, "occupancy": 0.714286,
        "shrinkage": 0.3, "on_shift": 20,
    }


def test_cli_large_volume_and_no_volume() -> None:
    code, out = run(
        "--per-hour", "2000", "--handle-minutes", "4.5", "--within", "1", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and data["agents"] > 150 and data["service_level"] >= 0.8
    code, out = run("--per-hour", "0", "--handle-minutes", "5", "--within", "30")
    assert code == 0
    assert "Agents needed: 0\n" in out and "Service level: 100.0 %" in out


def test_cli_never_rounds_a_service_level_up_to_100_percent() -> None:
    """2,000 an hour at 5 minutes need 168 agents at 99.2 % occupancy; they answer 99.97 %."""
    _, out = run(
        "--per-hour", "2000", "--handle-minutes", "5", "--within", "30", "--target", "0.9"
    )
    assert "Agents needed: 168\n" in out
    assert "Service level: 99.9 % answered within 30 min\n" in out
    assert "Occupancy: 99.2 %\n" in out


def test_cli_refuses_nonsense_with_a_usage_error() -> None:
    code, out = run("--per-hour", "-5", "--handle-minutes", "3", "--within", "1")
    assert code == 2 and "--per-hour" in out
    code, out = run("--per-hour", "5", "--handle-minutes", "0", "--within", "1")
    assert code == 2 and "--handle-minutes" in out


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_heatmap_colours_pass_wcag_aa() -> None:
    text_pairs = [*heatmap.SHADES, heatmap.CLOSED]
    text_pairs += [(fill, heatmap.GAP_TEXT) for fill in heatmap.GAP_FILL]
    text_pairs += [(heatmap.CARD, heatmap.INK)]
    assert all(contrast(fill, ink) >= 4.5 for fill, ink in text_pairs)
    assert contrast(heatmap.GAP_FRAME, heatmap.CARD) >= 3
    assert all(contrast(heatmap.GAP_FRAME, fill) >= 3 for fill in heatmap.GAP_FILL)


@pytest.fixture(scope="module")
def gap_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The German example with a roster that falls short, and a second team with no roster
    and a name full of markup."""
    night = {
        "team": 'Nacht </title><script>alert("x")</script> & Co',
        "handle_time": "5 min",
        "shrinkage": 0.25,
        "messages": {"per_hour": {"00-24": 4}},
    }
    data = load_yaml(GERMAN)
    data["service"]["staffing"].append(night)
    data["service"]["staffing"][0]["plan"]["mon-fri 17-20"] = 1
    folder = tmp_path_factory.mktemp("staffing")
    lenient = MKDOCS_YML.replace("strict: true", "strict: false")
    return mkdocs_build(write_project(folder, data, mkdocs_yml=lenient))


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mkdocs_build(write_project(tmp_path_factory.mktemp("german-staffing"), GERMAN))


@pytest.fixture(scope="module")
def german_staffing(german_site: Path) -> str:
    return (german_site / PAGE).read_text(encoding="utf-8")


def svg_of(html: str) -> str:
    match = re.search(r'<div class="playbook-heatmap"[^>]*>\s*(<svg .*?</svg>)', html, re.S)
    assert match, "no inline SVG"
    return match.group(1)


def test_staffing_page_shows_the_week_as_svg_and_as_table(german_staffing: str) -> None:
    svg = svg_of(german_staffing)
    assert 'role="img"' in svg
    assert 'aria-label="Personalbedarf und Dienstplan je Stunde: Social Service.' in svg
    assert "<title>Personalbedarf und Dienstplan je Stunde: Social Service</title>" in svg
    assert svg.count("<g><title>") == 7 * 24
    assert "<script" not in german_staffing.split("<article", 1)[1].split("</article>")[0]
    assert "Der Dienstplan deckt jede Stunde der Servicezeiten." in german_staffing
    assert re.search(r"<th[^>]*>Tage</th>", german_staffing)
    assert re.search(r"<td>Mo</td>\s*<td>09–12</td>", german_staffing)


def test_staffing_page_says_what_the_promises_cost(german_site: Path) -> None:
    text = page_text(german_site, PAGE)
    assert "Personalplanung: Social Service" in text
    assert "23 % der Nachrichten kommen außerhalb der Servicezeiten an" in text
    assert "239 Stunden im Dienst pro Woche" in text
    assert "Geplant sind 265 Stunden pro Woche." in text
    assert "Erlang C" in text and "Poisson" in text and "niemand aufgibt" in text


def test_staffing_page_is_in_the_navigation(gap_site: Path) -> None:
    html = (gap_site / "index.html").read_text(encoding="utf-8")
    assert "Personalplanung" in html
    assert 'href="staffing/social-service/"' in html


def test_gaps_are_marked_by_more_than_colour(gap_site: Path) -> None:
    html = (gap_site / PAGE).read_text(encoding="utf-8")
    svg = svg_of(html)
    gap_cells = re.findall(r'fill="url\(#playbook-heatmap-0-gap\)" stroke="[^"]+"', svg)
    assert len(gap_cells) == 5 * 3 + 1  # Mon-Fri 17-20, plus the legend's swatch
    assert ">!1/3</text>" in svg
    assert "Lücke: 2 fehlen" in svg
    text = page_text(gap_site, PAGE)
    assert "Mo–Fr 17–20 Uhr: 1 geplant, 3 nötig für 90 % in 30 Min." in text
    assert "⚠ Lücke: 2 fehlen" in text


def test_readiness_page_lists_the_gap_in_german(gap_site: Path) -> None:
    text = page_text(gap_site, "readiness/index.html")
    assert "Social Service, mon-fri 17-20: 1 geplant, 3 nötig für 90 % in 30 min" in text


def test_the_staffing_page_speaks_english(tmp_path: Path) -> None:
    data = load_yaml(ENGLISH)
    data["accounts"][0]["role"] = "service"
    data["service"] = {
        "timezone": "Europe/London",
        "hours": [{"days": "mon-sat", "open": "09:00", "close": "17:30"}],
        "response_targets": [{"priority": "normal", "within": "2 h", "share": 0.8}],
        "staffing": [
            {
                "team": "Shop floor",
                "handle_time": "5 min",
                "shrinkage": 0.2,
                "messages": {"per_day": 40, "profile": {"09-18": 1}},
                "plan": {"mon-sat 09-12": 1},
            }
        ],
    }
    path = tmp_path / "policy.yml"
    write_project(tmp_path, data)
    markdown = generate(path).markdown["staffing/shop-floor.md"]
    assert markdown.startswith("# Staffing: Shop floor\n")
    assert "| Opening hours | Mon–Sat 09:00–17:30 (Europe/London) |" in markdown
    assert "Mon–Sat 12–18: 0 planned, 2 needed for 80\u00a0% within 2 h" in markdown
    assert "<title>People needed and planned per hour: Shop floor</title>" in markdown
    assert "What the model assumes" in markdown


def test_markup_in_a_team_name_is_text_everywhere(gap_site: Path) -> None:
    pages = sorted((gap_site / "staffing").glob("*/index.html"))
    night = next(p for p in pages if "social-service" not in str(p))
    html = night.read_text(encoding="utf-8")
    svg = svg_of(html)
    assert '<script>alert("x")</script>' not in html
    assert "</title><script>" not in html
    assert "&lt;/title&gt;&lt;script&gt;" in svg and "&amp; Co" in svg
    text = page_text(gap_site, str(night.relative_to(gap_site)))
    assert 'Personalplanung: Nacht </title><script>alert("x")</script> & Co' in text
    assert "Für dieses Team ist noch kein Dienstplan hinterlegt." in text
    assert "rund um die Uhr" not in text  # it answers on the accounts with opening hours
