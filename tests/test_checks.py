"""The consistency checks: each rule, `playbook check`, the build log and the Readiness page."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ENGLISH, GERMAN, MKDOCS_YML, ROOT, mkdocs_build, page_text, write_project

from playbook import checks
from playbook.cli import main
from playbook.guideline import load

TODAY = dt.date(2026, 11, 23)

# A small service policy that every rule accepts; each case below breaks it in one place.
BASE = """\
company:
  name: Testfirma
  country: DE
  language: de
  address_form: du
  legal_notice_url: https://example.org/impressum
strategy:
  channel_role: service
accounts:
  - handle: "@testfirma_hilft"
    network: x
    purpose: Service für unsere Kundschaft.
    owner: Alex Beispiel
    bio: "Wir helfen Mo-Fr 08:00-18:00."
    last_review: 2026-06-01
service:
  hours:
    - days: mon-fri
      open: "08:00"
      close: "18:00"
  response_targets:
    - priority: normal
      within: 1 h
monitoring:
  keywords: [Testfirma]
team:
  - initials: ab
    name: Alex
  - initials: cd
    name: Chris
"""


def at(text: str, snippet: str) -> tuple[int, int]:
    """Line and column (1-based) where ``snippet`` first starts in ``text``."""
    offset = text.index(snippet)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def findings_for(tmp_path: Path, text: str, today: dt.date = TODAY) -> list[checks.Finding]:
    policy = tmp_path / "policy.yml"
    policy.write_text(text, encoding="utf-8")
    ctx, _ = load(policy)
    return checks.run(ctx, today=today)


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


def add(section: str) -> Callable[[str], str]:
    return lambda text: text + section


LONG_BIO = "Wir helfen Mo-Fr 08:00-18:00. " + "x" * 140

# rule id, variant, how the base policy is broken, field path, where the location points.
CASES = [
    ("service-hours", None, replace("  hours:\n    - days: mon-fri\n      open: \"08:00\"\n"
                                     "      close: \"18:00\"\n", "  hours: []\n"),
     "accounts.0.hours", 'handle: "@testfirma_hilft"'),
    ("service-targets", None, replace("  response_targets:\n    - priority: normal\n"
                                       "      within: 1 h\n", "  response_targets: []\n"),
     "accounts.0.response_targets", 'handle: "@testfirma_hilft"'),
    ("staffing-roster", None, replace("  - initials: cd\n    name: Chris\n", ""),
     "accounts.0", 'handle: "@testfirma_hilft"'),
    ("staffing-gap", None, replace(
        "monitoring:", "  staffing:\n    - team: Service\n      handle_time: 6 min\n"
        "      shrinkage: 0\n      messages:\n        per_hour: {mon-fri 08-18: 30}\n"
        "      plan:\n        mon-fri 08-16: 4\n        mon-fri 16-18: 2\nmonitoring:"),
     "service.staffing.0.plan.mon-fri 16-18", "2\nmonitoring:"),
    ("team-roster", None, replace(
        "team:\n  - initials: ab\n    name: Alex\n  - initials: cd\n    name: Chris\n", ""),
     "team", '- handle: "@testfirma_hilft"'),
    ("bio-hours", None, replace('"Wir helfen Mo-Fr 08:00-18:00."', '"Wir helfen gern."'),
     "accounts.0.bio", '"Wir helfen gern."'),
    ("bio-hours", "missing", replace('    bio: "Wir helfen Mo-Fr 08:00-18:00."\n', ""),
     "accounts.0.bio", 'handle: "@testfirma_hilft"'),
    ("bio-hours", "template", lambda t: replace(
        '    bio: "Wir helfen Mo-Fr 08:00-18:00."\n', "")(t)
     + "branding:\n  bio_template: \"{company} hilft gern.\"\n",
     "branding.bio_template", '"{company} hilft gern."'),
    ("account-owner", None, replace("    owner: Alex Beispiel\n", ""),
     "accounts.0.owner", 'handle: "@testfirma_hilft"'),
    ("private-messages-network", None, lambda t: replace("network: x", "network: youtube")(t)
     .replace("monitoring:", "  private_messages:\n    when: [Kundennummern]\nmonitoring:"),
     "accounts.0.network", "youtube"),
    ("address-form", None, replace("  address_form: du\n", ""),
     "accounts.0.address_form", 'handle: "@testfirma_hilft"'),
    ("legal-notice", None, replace("  legal_notice_url: https://example.org/impressum\n", ""),
     "company.legal_notice_url", "name: Testfirma"),
    ("monitoring-keywords", None, replace("monitoring:\n  keywords: [Testfirma]\n", ""),
     "monitoring.keywords", "service\naccounts"),
    ("following-policy", None, add("voice:\n  style: conversational\n"),
     "following", "conversational"),
    ("two-factor", "tool", add("tools:\n  - name: Postfach\n    purpose: Anfragen\n"),
     "tools.0.two_factor", "name: Postfach"),
    ("two-factor", "account", replace("    owner: Alex Beispiel\n",
                                      "    owner: Alex Beispiel\n    two_factor: false\n"),
     "accounts.0.two_factor", "false"),
    ("review-overdue", None, replace("last_review: 2026-06-01", "last_review: 2025-11-22"),
     "accounts.0.last_review", "2025-11-22"),
    ("sign-off-initials", None, replace("initials: cd", "initials: AB"),
     "team.1.initials", "AB"),
    ("escalation-contact", None, replace(
        "monitoring:", "  escalation:\n    - trigger: Presseanfrage\n      to: Pressestelle\n"
        "monitoring:"),
     "service.escalation.0.contact", "trigger: Presseanfrage"),
    ("handle-pattern", None, add("naming:\n  pattern: \"^@firma_\"\n  rule: firma_ vorn.\n"),
     "accounts.0.handle", '"@testfirma_hilft"'),
    ("bio-length", None, replace('"Wir helfen Mo-Fr 08:00-18:00."', f'"{LONG_BIO}"'),
     "accounts.0.bio", f'"{LONG_BIO}"'),
    ("bio-length", "template", lambda t: replace(
        '    bio: "Wir helfen Mo-Fr 08:00-18:00."\n', "")(t)
     + f"branding:\n  bio_template: \"{{hours}} {'y' * 150}\"\n",
     "branding.bio_template", '"{hours}'),
]


def test_readme_documents_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in checks.RULES.values():
        assert f"| `{rule.id}` | {rule.severity} |" in readme


def test_the_base_policy_passes_every_rule(tmp_path: Path) -> None:
    assert findings_for(tmp_path, BASE) == []


@pytest.mark.parametrize(
    ("rule_id", "variant", "change", "path", "where"),
    CASES,
    ids=[f"{c[0]}{'-' + c[1] if c[1] else ''}" for c in CASES],
)
def test_each_rule_fires_where_the_policy_breaks_it(
    tmp_path: Path, rule_id: str, variant: str | None, change: Callable[[str], str],
    path: str, where: str,
) -> None:
    text = change(BASE)
    (finding,) = findings_for(tmp_path, text)
    assert (finding.rule, finding.path) == (rule_id, path)
    assert finding.key == f"checks.{rule_id}" + (f".{variant}" if variant else "")
    assert (finding.line, finding.column) == at(text, where)
    assert finding.severity == checks.RULES[rule_id].severity
    assert finding.file == str(tmp_path / "policy.yml")
    assert finding.message and finding.fix and "{" not in finding.message + finding.fix


def test_every_registered_rule_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(checks.RULES)


@pytest.mark.parametrize("policy", [GERMAN, ENGLISH], ids=["german", "english"])
def test_the_examples_have_no_findings(policy: Path) -> None:
    ctx, _ = load(policy)
    assert checks.run(ctx) == []


def test_review_is_due_on_the_day_the_interval_ends(tmp_path: Path) -> None:
    text = replace("last_review: 2026-06-01", "last_review: 2026-01-31")(BASE)
    text = text.replace("strategy:", "status:\n  review_interval_months: 1\nstrategy:")
    assert findings_for(tmp_path, text, today=dt.date(2026, 2, 28)) == []
    (finding,) = findings_for(tmp_path, text, today=dt.date(2026, 3, 1))
    assert finding.message == (
        "@testfirma_hilft was last reviewed on 2026-01-31; with a review every 1 months it was "
        "due on 2026-02-28"
    )


def test_staffing_roster_counts_people_per_account(tmp_path: Path) -> None:
    text = BASE.replace("    name: Chris\n", "    name: Chris\n    accounts: [\"@other\"]\n")
    text = text.replace(
        "service:",
        '  - handle: "@other"\n    network: x\n    role: distribution\n    purpose: News.\n'
        "    owner: Alex\nservice:",
    )
    (finding,) = findings_for(tmp_path, text)
    assert finding.message == (
        "@testfirma_hilft is open 50 h a week and promises a first answer within 60 min; that "
        "needs at least 2 people on its roster, the team lists 1"
    )


def test_a_rule_id_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        checks.rule("bio-length", "error", "relevance")(lambda ctx, today: iter(()))


def run_check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_of_the_example_passes(tmp_path: Path) -> None:
    code, out, _ = run_check(str(GERMAN))
    assert code == 0
    assert out == f"{GERMAN}: no findings ({len(checks.RULES)} rules checked)\n"


def test_check_prints_one_line_per_finding_and_fails_on_errors(tmp_path: Path) -> None:
    text = replace("  hours:\n    - days: mon-fri\n      open: \"08:00\"\n"
                   "      close: \"18:00\"\n", "  hours: []\n")(BASE)
    text = text.replace("    owner: Alex Beispiel\n", "")
    policy = tmp_path / "policy.yml"
    policy.write_text(text, encoding="utf-8")
    code, out, _ = run_check(str(policy))
    line, column = at(text, 'handle: "@testfirma_hilft"')
    assert code == 1
    assert out.splitlines() == [
        f"{policy}:{line}:{column}: error service-hours: @testfirma_hilft answers requests but "
        "has no opening hours (fix: set service.hours for all accounts or hours on this account, "
        "or make it a distribution channel (role: distribution))",
        f"{policy}:{line}:{column}: warning account-owner: @testfirma_hilft has no owner (fix: "
        "name the person responsible for the account under owner)",
        f"{policy}: 1 error, 1 warning, 0 advice ({len(checks.RULES)} rules checked)",
    ]


def test_warnings_fail_only_with_strict_and_advice_never(tmp_path: Path) -> None:
    warning = tmp_path / "warning.yml"
    warning.write_text(BASE.replace("    owner: Alex Beispiel\n", ""), encoding="utf-8")
    assert run_check(str(warning))[0] == 0
    assert run_check(str(warning), "--strict")[0] == 1
    advice = tmp_path / "advice.yml"
    advice.write_text(BASE[: BASE.index("team:")], encoding="utf-8")
    code, out, _ = run_check(str(advice), "--strict")
    assert code == 0
    assert ": advice team-roster: " in out


def test_json_output_lists_findings(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text(BASE.replace("initials: cd", "initials: ab"), encoding="utf-8")
    code, out, _ = run_check(str(policy), "--format", "json")
    assert code == 1
    line, column = at(BASE, "initials: cd")
    column += len("initials: ")
    assert json.loads(out) == [
        {
            "id": "sign-off-initials",
            "severity": "error",
            "path": "team.1.initials",
            "file": str(policy),
            "line": line,
            "column": column,
            "message": "the initials ab are used by Alex and Chris; readers cannot tell who "
            "answered",
            "fix": "give one of them different initials (e.g. add a letter)",
            "factor": "channel",
        }
    ]


def test_today_option_judges_review_dates(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text(BASE, encoding="utf-8")
    assert run_check(str(policy), "--today", "2027-06-01", "--strict")[0] == 0
    code, out, _ = run_check(str(policy), "--today", "2027-06-02", "--strict")
    assert code == 1
    assert "warning review-overdue:" in out


def test_usage_errors_exit_2() -> None:
    assert run_check(str(GERMAN), "--format", "xml")[0] == 2
    assert run_check(str(GERMAN), "--no-such-option")[0] == 2
    assert run_check(str(GERMAN), "--today", "23.11.2026")[0] == 2


def test_help_shows_an_example() -> None:
    code, out, _ = run_check("--help")
    assert code == 0
    assert "playbook check content/policy.yml --strict" in out


def test_policy_defaults_to_content_policy_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "policy.yml").write_text(BASE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_check()
    assert code == 0
    assert out.startswith("content/policy.yml: no findings")


def test_missing_policy_is_one_line(tmp_path: Path) -> None:
    code, out, err = run_check(str(tmp_path / "nope.yml"))
    assert (code, out, err) == (1, "", f"{tmp_path / 'nope.yml'}: file not found\n")
    code, out, err = run_check(str(tmp_path / "nope.yml"), "--format", "json")
    assert code == 1
    assert json.loads(out)[0]["message"] == "file not found"


def test_broken_yaml_prints_what_the_build_prints(tmp_path: Path) -> None:
    broken = BASE.replace("  channel_role: service", "  channel_role: [service")
    config = write_project(tmp_path / "p", broken)
    policy = config.parent / "policy.yml"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        capture_output=True, text=True, timeout=120,
    )
    check = subprocess.run(
        [sys.executable, "-m", "playbook.cli", "check", str(policy)],
        capture_output=True, text=True, timeout=60,
    )
    assert (build.returncode, check.returncode) == (1, 1)
    message = check.stderr.strip()
    assert message.startswith(f"{policy}:") and ": YAML syntax:" in message
    assert f"ERROR   -  {message}\n" in build.stderr
    assert check.stdout == ""
    code, out, err = run_check(str(policy), "--format", "json")
    assert code == 1
    assert err.strip() == message
    (problem,) = json.loads(out)
    where = f"{problem['file']}:{problem['line']}:{problem['column']}"
    assert message == f"{where}: {problem['path']}: {problem['message']}"


def test_check_runs_as_a_real_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "playbook.cli", "check", "--format", "json", "--strict"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert (result.returncode, json.loads(result.stdout), result.stderr) == (0, [], "")


def test_warnings_fail_a_strict_build_and_name_the_line(tmp_path: Path) -> None:
    text = GERMAN.read_text(encoding="utf-8").replace(
        "    owner: Tobias Lange, Personalmarketing\n", ""
    )
    config = write_project(tmp_path / "p", text)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        capture_output=True, text=True, timeout=120,
    )
    line, column = at(text, 'handle: "@nordlicht_karriere"')
    assert result.returncode == 1
    assert (
        f"WARNING -  {config.parent / 'policy.yml'}:{line}:{column}: warning account-owner: "
        "@nordlicht_karriere has no owner (fix: name the person responsible for the account "
        "under owner)\n"
    ) in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout


def test_advice_is_logged_at_info_and_does_not_fail_a_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_project(tmp_path / "p", BASE[: BASE.index("team:")])
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.playbook"):
        site = mkdocs_build(config)
    (record,) = [r for r in caplog.records if "team-roster" in r.getMessage()]
    assert record.levelno == logging.INFO
    assert (site / "readiness" / "index.html").is_file()


@pytest.fixture(scope="module")
def german_readiness(tmp_path_factory: pytest.TempPathFactory) -> str:
    site = mkdocs_build(write_project(tmp_path_factory.mktemp("german"), GERMAN))
    return page_text(site, "readiness/index.html")


@pytest.fixture(scope="module")
def lowered_readiness(tmp_path_factory: pytest.TempPathFactory) -> str:
    text = GERMAN.read_text(encoding="utf-8")
    text = text.replace("    owner: Tobias Lange, Personalmarketing\n", "")
    text = text.replace("      contact: Sven Hansen\n", "")
    text = text.replace(
        "trigger: Beschwerde bleibt nach zwei Antworten ungelöst",
        'trigger: "<img src=x onerror=alert(1)> [x](javascript:alert(1))"',
    )
    config = write_project(
        tmp_path_factory.mktemp("lowered"), text,
        mkdocs_yml=MKDOCS_YML.replace("strict: true", "strict: false"),
    )
    site = mkdocs_build(config)
    html = (site / "readiness" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "javascript:" not in html
    return page_text(site, "readiness/index.html")


def test_readiness_scores_the_six_factors(german_readiness: str) -> None:
    assert german_readiness.startswith("Bereitschaft: die sechs Erfolgsfaktoren")
    for row in (
        "1. Den Kanal neu denken 3 von 3 5 von 5 0",
        "2. Schnelle Interaktion 3 von 3 5 von 5 0",
        "3. Die nötige Technik 3 von 3 5 von 5 0",
        "4. Relevanz 3 von 3 5 von 5 0",
        "5. Alles Wissen über die Kundschaft nutzen 3 von 3 4 von 4 0",
    ):
        assert row in german_readiness
    assert "Wert: 3 von 3 (3 für beantwortete Fragen, 0 abgezogen für Befunde)" in german_readiness
    assert "Die Prüfung findet hier nichts Offenes." in german_readiness


def test_a_finding_lowers_its_factor_and_is_listed(
    german_readiness: str, lowered_readiness: str
) -> None:
    assert "1. Den Kanal neu denken 2 von 3 5 von 5 1" in lowered_readiness
    assert "2. Schnelle Interaktion 2 von 3 5 von 5 1" in lowered_readiness
    assert "3. Die nötige Technik 3 von 3 5 von 5 0" in lowered_readiness
    assert (
        "Warnung account-owner accounts.4.owner @nordlicht_karriere hat keine verantwortliche "
        "Person die verantwortliche Person unter owner eintragen"
    ) in lowered_readiness
    assert "<img src=x onerror=alert(1)>" in lowered_readiness


def test_library_option_adds_the_company_networks(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "networks.yml").write_text(
        "intranet:\n  name: Intranet-Forum\n  bio_limit: 40\n  private_messages: true\n",
        encoding="utf-8",
    )
    policy = tmp_path / "policy.yml"
    policy.write_text(BASE.replace("network: x", "network: intranet"), encoding="utf-8")
    code, _, err = run_check(str(policy))
    assert code == 1
    assert "accounts.0.network: unknown network 'intranet'" in err
    code, out, _ = run_check(str(policy), "--library", str(library))
    assert code == 0
    assert out.startswith(f"{policy}: no findings")
