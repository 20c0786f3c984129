"""The guideline's sections, checklists, diagram and banners, checked on real built sites."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import (
    ENGLISH,
    GERMAN,
    MKDOCS_YML,
    ROOT,
    load_yaml,
    mkdocs_build,
    page_text,
    write_project,
)

GERMAN_PAGES = [
    "index.html",
    "strategy/index.html",
    "accounts/index.html",
    "accounts/nordlicht_hilft/index.html",
    "voice/index.html",
    "following/index.html",
    "service/index.html",
    "listening/index.html",
    "tools/index.html",
    "branding/index.html",
    "checklists/index.html",
    "employees/index.html",
    "crisis/index.html",
    "legal/index.html",
    "house-rules/index.html",
    "team/index.html",
    "examples/index.html",
    "changes/index.html",
]

MINIMAL = {
    "company": {"name": "Minimal GmbH", "country": "DE"},
    "strategy": {"channel_role": "hybrid"},
    "accounts": [{"handle": "@minimal", "network": "x", "purpose": "Alles."}],
}


def build_example(config: Path, site: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(config), site_dir=str(site))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return site


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("german") / "site")


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = ENGLISH.parent / "mkdocs.yml"
    return build_example(config, tmp_path_factory.mktemp("english") / "site")


LENIENT = MKDOCS_YML.replace("strict: true\n", "strict: false\n")
"""For policies that leave answers open on purpose: the consistency checks report them as
warnings, which would stop a strict build; the pages must still come out right."""


@pytest.fixture(scope="module")
def build_variant(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Build the German example with one answer changed; each variant is built once."""
    cache: dict[str, Path] = {}

    def _build(name: str, change: Callable[[dict], object], base: Path = GERMAN) -> Path:
        if name not in cache:
            policy = copy.deepcopy(load_yaml(base))
            change(policy)
            folder = tmp_path_factory.mktemp(name)
            cache[name] = mkdocs_build(write_project(folder, policy, mkdocs_yml=LENIENT))
        return cache[name]

    return _build


# --- what a reader must never see -------------------------------------------------------------

ARTEFACT = re.compile(r"(?<![\w\[{])(None|null|True|False|\[\]|\{\})(?![\w\]}])")
HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)


def visible(fragment: str) -> str:
    inline = re.sub(r"</?(a|strong|em|code|span)\b[^>]*>", "", fragment)
    text = html.unescape(re.sub(r"<[^>]+>", " ", inline)).replace("¶", "")
    return re.sub(r"\s+", " ", text).strip()


def article(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    match = re.search(r"<article.*?</article>", source, re.S)
    assert match, f"{path} has no article"
    return match.group(0)


def empty_sections(fragment: str) -> Iterator[str]:
    """Headings with nothing under them before the next heading of the same or a higher level."""
    matches = list(HEADING.finditer(fragment))
    for i, match in enumerate(matches):
        level, title = int(match.group(1)), visible(match.group(2))
        if not title:
            yield f"<h{level}> without text"
            continue
        end = len(fragment) if i + 1 == len(matches) else matches[i + 1].start()
        body = visible(fragment[match.end() : end])
        deeper = i + 1 < len(matches) and int(matches[i + 1].group(1)) > level
        if not body and not deeper:
            yield f"<h{level}> {title!r} has nothing under it"


def site_problems(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" or page.parent.name == "print_page":
            continue  # MkDocs' and the print plugin's pages, not the guideline's
        fragment = article(page)
        relative = page.relative_to(site)
        problems += [f"{relative}: {p}" for p in empty_sections(fragment)]
        text = visible(re.sub(r"<pre class=\"mermaid\">.*?</pre>", "", fragment, flags=re.S))
        problems += [f"{relative}: shows {m.group(0)!r}" for m in ARTEFACT.finditer(text)]
    return problems


def test_artefact_scan_catches_what_it_looks_for() -> None:
    fragment = "<article><h1>T</h1><p>x</p><h2>Empty</h2><h2>Full</h2><p>None</p></article>"
    assert list(empty_sections(fragment)) == ["<h2> 'Empty' has nothing under it"]
    assert [m.group(0) for m in ARTEFACT.finditer(visible(fragment))] == ["None"]


@pytest.mark.parametrize("example", ["german_site", "english_site"])
def test_no_empty_headings_or_python_artefacts(example: str, request) -> None:
    site = request.getfixturevalue(example)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 8
    assert site_problems(site) == []


def test_german_example_renders_every_section(german_site: Path) -> None:
    for page in GERMAN_PAGES:
        assert (german_site / page).is_file(), page
    assert "Nordlicht Energie" in page_text(german_site, "index.html")
    expectations = {
        "voice/index.html": ["Wir führen Gespräche", "Sie", "^ro", "Kritik an einer Kampagne"],
        "following/index.html": ["Follower-Sammler", "folgen wir zurück"],
        "listening/index.html": ["Nordligt", "mehr als 10", "Betriebsvereinbarung"],
        "tools/index.html": ["Servicedesk Social", "Listening-Dashboard", "Passwörter geteilter"],
        "branding/index.html": ["Nachtblau", "160 / 160"],
        "employees/index.html": ["Ich arbeite bei Nordlicht Energie.", "Pressestelle"],
        "crisis/index.html": ["Datenschutzvorfall", "{Ort}", "Krisenteam einberufen"],
        "legal/index.html": ["Impressum auf jedem Unternehmensprofil", "Betriebsrat"],
        "house-rules/index.html": ["Beleidigungen, Drohungen, Hassrede", "Kundennummern"],
        "team/index.html": ["^ts", "Tanja", "@nordlicht_hilft auf X (Twitter)"],
        "examples/index.html": ["Sturmtief 2026", "Was wir daraus lernen"],
    }
    for page, phrases in expectations.items():
        text = page_text(german_site, page)
        for phrase in phrases:
            assert phrase in text, (page, phrase)


def test_english_example_renders_its_sections_in_english(english_site: Path) -> None:
    assert "We hold" not in page_text(english_site, "voice/index.html")
    assert "Our accounts broadcast" in page_text(english_site, "voice/index.html")
    legal = page_text(english_site, "legal/index.html")
    assert "No personal data in public replies" in legal
    assert "Impressum" not in legal
    house = page_text(english_site, "house-rules/index.html")
    assert "House rules for the channels of Harbour Lane Bikes" in house
    assert "Insults" in house
    checklists = page_text(english_site, "checklists/index.html")
    assert "Launching an account" in checklists
    assert "Service shift" not in checklists
    for missing in ("service", "team", "crisis", "listening"):
        assert not (english_site / missing / "index.html").exists(), missing


def test_pages_without_answers_are_left_out(build_variant) -> None:
    def strip(policy: dict) -> None:
        for key in ("voice", "following", "monitoring", "employees", "crisis", "moderation"):
            del policy[key]
        policy["team"] = []

    site = build_variant("stripped", strip)
    for page in ("voice", "following", "listening", "employees", "crisis", "house-rules", "team"):
        assert not (site / page / "index.html").exists(), page
    assert "Einen Krisenplan hat die Richtlinie noch nicht." in page_text(
        site, "checklists/index.html"
    )
    assert site_problems(site) == []


# --- single answers change the right page -----------------------------------------------------


def test_broadcast_voice_drops_the_sign_off_question(build_variant) -> None:
    def broadcast(policy: dict) -> None:
        policy["voice"] = {"style": "broadcast", "do": ["Kurz und klar."]}

    text = page_text(build_variant("broadcast", broadcast), "voice/index.html")
    assert "Unsere Konten senden" in text
    assert "Musterantwort" not in text
    assert "Wer antwortet, ist zu sehen" not in text


def test_missing_model_replies_are_named(build_variant) -> None:
    def fewer(policy: dict) -> None:
        policy["voice"]["examples"] = policy["voice"]["examples"][:1]

    text = page_text(build_variant("fewer-replies", fewer), "voice/index.html")
    assert "Noch nicht entschieden" in text
    assert "Beschwerde, Frage, Kritik an einer Kampagne." in text


def test_follow_back_answer_changes_the_following_page(build_variant) -> None:
    def no_follow_back(policy: dict) -> None:
        policy["following"]["follow_back"] = False

    text = page_text(build_variant("no-follow-back", no_follow_back), "following/index.html")
    assert "Wir folgen nicht automatisch zurück" in text
    assert "folgen wir zurück. Die Sorge" not in text


def test_missing_thresholds_show_an_open_question(build_variant) -> None:
    def no_thresholds(policy: dict) -> None:
        policy["monitoring"]["thresholds"] = []
        del policy["monitoring"]["works_council"]

    site = build_variant("no-thresholds", no_thresholds)
    text = page_text(site, "listening/index.html")
    assert "Ab wann eine Häufung von Erwähnungen eine Warnung ist" in text
    assert "Eine Vereinbarung dazu ist in der Richtlinie noch nicht festgehalten." in text
    assert "Frühwarnung prüfen" not in page_text(site, "checklists/index.html")


def test_leavers_missing_is_flagged_on_the_tools_page(build_variant) -> None:
    def no_leavers(policy: dict) -> None:
        policy["access"]["leavers"] = []
        policy["tools"][2]["two_factor"] = True
        policy["accounts"][1]["two_factor"] = False

    text = page_text(build_variant("no-leavers", no_leavers), "tools/index.html")
    assert "Ohne diese Regel behalten Ehemalige Zugang" in text
    assert "Noch ohne Zwei-Faktor-Authentifizierung: @nordlicht_news" in text


def test_a_long_bio_template_is_flagged_per_account(build_variant) -> None:
    def long_bio(policy: dict) -> None:
        policy["branding"]["bio_template"] = "{name}: " + "sehr lang " * 20 + "{hours}"

    site = build_variant("long-bio", long_bio)
    branding = page_text(site, "branding/index.html")
    assert "@nordlicht_hilft: 250 Zeichen, X (Twitter) erlaubt 160" in branding
    account = page_text(site, "accounts/nordlicht_hilft/index.html")
    assert "X (Twitter) erlaubt nur 160" in account


def test_crisis_without_a_decider_says_so(build_variant) -> None:
    def no_decider(policy: dict) -> None:
        del policy["crisis"]["decides"]

    site = build_variant("no-decider", no_decider)
    assert "Wer in einer Krise entscheidet und spricht" in page_text(site, "crisis/index.html")
    assert "Entscheidung holen bei" not in page_text(site, "checklists/index.html")


def test_other_country_gets_only_the_general_legal_rules(build_variant) -> None:
    def austria(policy: dict) -> None:
        policy["company"]["country"] = "AT"
        del policy["employees"]["advertising_marking"]
        del policy["monitoring"]["works_council"]

    site = build_variant("austria", austria)
    legal = page_text(site, "legal/index.html")
    assert "Keine persönlichen Daten in öffentlichen Antworten" in legal
    assert "Impressum auf jedem Unternehmensprofil" not in legal
    assert "Zusätzlich in unserem Land" not in legal
    headings = [visible(h[1]) for h in HEADING.findall(article(site / "employees/index.html"))]
    assert "Werbung kennzeichnen" not in headings
    assert "Betriebsrat" not in page_text(site, "listening/index.html")


def test_german_company_without_advertising_rule_is_asked_for_one(build_variant) -> None:
    def no_marking(policy: dict) -> None:
        del policy["employees"]["advertising_marking"]

    text = page_text(build_variant("no-marking", no_marking), "employees/index.html")
    assert "Wie Beschäftigte Beiträge über Produkte des Arbeitgebers als Werbung" in text


def test_house_rules_follow_the_moderation_answers(build_variant) -> None:
    def moderation(policy: dict) -> None:
        policy["moderation"]["delete"] = ["Kettenbriefe"]
        del policy["moderation"]["reasons"]

    text = page_text(build_variant("moderation", moderation), "house-rules/index.html")
    assert "Kettenbriefe" in text
    assert "Beleidigungen, Drohungen, Hassrede" not in text
    assert "Sachliche Kritik bleibt stehen." in text


def test_roster_follows_the_team_and_the_sign_off_format(build_variant) -> None:
    def team(policy: dict) -> None:
        policy["team"].append({"initials": "AB", "name": "Ali"})
        policy["voice"]["sign_off"]["format"] = "/{initials}"

    site = build_variant("team", team)
    text = page_text(site, "team/index.html")
    assert "/AB Ali" in text
    assert "/ro Robert" in text
    assert "@nordlicht_news" not in text, "distribution accounts list only people named for them"
    assert "So sieht das aus: /ro" in page_text(site, "voice/index.html")


def test_triage_matrix_and_private_messages_per_network(german_site: Path) -> None:
    source = article(german_site / "service" / "index.html")
    text = visible(source)
    assert "Einordnen nach Dringlichkeit und Wichtigkeit" in text
    assert "Stromausfall in einem Ortsteil, Gasgeruch, drohende Sperrung" in text
    assert "Tun: Sofort an die Leitstelle geben" in text
    assert "<br" in source
    assert "@nordlicht_hilft X (Twitter) möglich" in text


def test_account_without_private_messages_points_elsewhere(build_variant) -> None:
    def youtube(policy: dict) -> None:
        policy["accounts"][3]["network"] = "youtube"

    site = build_variant("youtube", youtube)
    assert "YouTube nicht möglich: auf einen anderen Kanal verweisen" in page_text(
        site, "service/index.html"
    )
    launch = page_text(site, "accounts/nordlicht_energie/index.html")
    assert "YouTube hat keine privaten Nachrichten" in launch


# --- checklists -------------------------------------------------------------------------------


def task_items(site: Path, page: str) -> list[str]:
    source = article(site / page)
    return [visible(m) for m in re.findall(r'<li class="task-list-item">(.*?)</li>', source, re.S)]


def test_checklists_are_task_lists_with_the_policys_own_items(german_site: Path) -> None:
    items = task_items(german_site, "checklists/index.html")
    assert "Störungskarte im Netzportal prüfen" in items
    assert "Konto im Verzeichnis der Pressestelle eintragen" in items
    assert any(i.startswith("Übergabe:") for i in items)
    assert "Haltungserklärung innerhalb von 30 Minuten veröffentlichen" in items
    assert 'type="checkbox"' in article(german_site / "checklists" / "index.html")
    account = task_items(german_site, "accounts/nordlicht_hilft/index.html")
    assert "Mit Servicedesk Social verbunden" in account
    assert "Zwei-Faktor-Authentifizierung eingeschaltet" in account


def test_launch_checklist_leaves_out_what_does_not_apply(german_site: Path) -> None:
    service = " ".join(task_items(german_site, "accounts/nordlicht_hilft/index.html"))
    news = " ".join(task_items(german_site, "accounts/nordlicht_news/index.html"))
    assert "Servicezeiten im Dienstplan besetzt" in service
    assert "Servicezeiten im Dienstplan besetzt" not in news
    assert "Die Bio nennt die Servicezeiten" not in news
    assert "Mit " not in news, "no team tool is named for the news account"


def test_shift_checklist_follows_the_answers(build_variant) -> None:
    def quieter(policy: dict) -> None:
        policy["monitoring"]["competitors"] = []
        policy["checklists"].append({"checklist": "shift", "text": "Kaffee für die Spätschicht"})

    items = task_items(build_variant("quieter", quieter), "checklists/index.html")
    assert "Kaffee für die Spätschicht" in items
    assert not any("Wettbewerber" in i for i in items)


def test_distribution_only_company_has_no_shift_checklist(english_site: Path) -> None:
    items = task_items(english_site, "checklists/index.html")
    assert "Two-factor authentication switched on" in items
    assert not any("hand-over" in i.lower() for i in items)


# --- the response flow ------------------------------------------------------------------------


def test_flow_diagram_and_its_text_equivalent(german_site: Path) -> None:
    source = article(german_site / "service" / "index.html")
    diagram = re.search(r'<pre class="mermaid"><code>(.*?)</code></pre>', source, re.S)
    assert diagram, "no Mermaid diagram"
    code = html.unescape(diagram.group(1))
    assert code.startswith("flowchart TD")
    assert '-->|"Anfrage von Presse oder Politik"| s4_2' in code
    assert 's4_2["An Pressestelle übergeben, innerhalb von 30 Min."]' in code
    text = visible(source[diagram.end() :])
    assert "Der Ablauf als Liste" in text
    assert (
        "Anfrage von Presse oder Politik: An Pressestelle übergeben, innerhalb von 30 Min."
        in text
    )
    assert "dringend: Erste Antwort innerhalb von 30 Min. (dann weiter mit Schritt 3)" in text


def test_flow_follows_the_escalation_rules(build_variant) -> None:
    def escalation(policy: dict) -> None:
        policy["service"]["escalation"] = [
            {"trigger": 'Er sagt "Anwalt" [laut]', "to": "Recht & Compliance", "within": "2 h"}
        ]
        del policy["service"]["private_messages"]

    source = article(build_variant("escalation", escalation) / "service" / "index.html")
    code = html.unescape(re.search(r'<pre class="mermaid"><code>(.*?)</code>', source, re.S)[1])
    assert '-->|"Er sagt #quot;Anwalt#quot; #91;laut#93;"|' in code
    assert "An Recht #amp; Compliance übergeben, innerhalb von 2 Std." in code
    assert "Persönliche Daten" not in code
    assert 'Er sagt "Anwalt" [laut]: An Recht & Compliance übergeben' in visible(source)


def test_no_service_section_means_no_diagram(english_site: Path) -> None:
    for page in english_site.rglob("*.html"):
        assert 'class="mermaid"' not in page.read_text(encoding="utf-8"), page


# --- examples ---------------------------------------------------------------------------------


CUSTOM = {
    "id": "own-follow",
    "who": "Harbour Lane Bikes",
    "topics": ["following", "branding"],
    "title": {"en": 'Following the "cycling club" back & more', "de": "Dem Radverein folgen"},
    "story": {"en": "The club followed us; we followed back and got invited to its rides."},
    "lesson": {"en": "Attention is appreciation."},
}
SERVICE_ONLY = {
    "id": "help-desk",
    "who": "Some Airline",
    "topics": ["following"],
    "roles": ["service"],
    "title": {"en": "A service desk that follows its customers"},
    "story": {"en": "They followed every customer who wrote to them."},
    "lesson": {"en": "Only for service channels."},
}


def test_examples_page_and_section_pages_show_matching_cases(build_variant) -> None:
    def custom(policy: dict) -> None:
        policy["examples"] = {"custom": [CUSTOM, SERVICE_ONLY]}

    site = build_variant("examples", custom, ENGLISH)
    following = page_text(site, "following/index.html")
    assert 'Following the "cycling club" back & more Harbour Lane Bikes' in following
    assert "Some Airline" not in following, "a service-only case does not fit a distribution firm"
    assert 'Following the "cycling club" back & more' in page_text(site, "branding/index.html")
    examples = article(site / "examples" / "index.html")
    assert 'href="#example-own-follow"' in examples
    assert 'id="example-own-follow"' in examples
    text = visible(examples)
    index = {
        item.split(":")[0]: item
        for item in (visible(li) for li in re.findall(r"<li>(.*?)</li>", examples, re.S))
    }
    assert "Harbour Lane Bikes" in index["Following"]
    assert "Some Airline" in index["Following"]
    assert "Harbour Lane Bikes" in index["Branding"]
    assert "Some Airline" not in index["Branding"]
    assert "suits a different channel role than ours" in text
    assert site_problems(site) == []


def test_case_written_in_one_language_shows_on_a_site_in_the_other(build_variant) -> None:
    def custom(policy: dict) -> None:
        policy["examples"]["custom"][0]["topics"] = ["following"]
        for field in ("title", "story", "lesson"):
            policy["examples"]["custom"][0][field] = {
                "en": policy["examples"]["custom"][0][field]["en"]
            }

    text = page_text(build_variant("english-case", custom), "following/index.html")
    assert "The 2026 storm: reporting outages before anyone asks" in text


# --- banners ----------------------------------------------------------------------------------


def banner(site: Path, page: str = "index.html") -> str:
    source = (site / page).read_text(encoding="utf-8")
    announce = r'<div data-md-component="announce">(.*?)</div>\s*(?:<header|<div)'
    match = re.search(announce, source, re.S)
    assert match
    return match.group(1)


def test_draft_banner_on_every_page_of_a_draft(english_site: Path) -> None:
    pages = [p for p in english_site.rglob("*.html")]
    assert len(pages) > 8
    for page in pages:
        part = banner(english_site, str(page.relative_to(english_site)))
        assert "<strong>DRAFT</strong> This guideline is not approved yet." in part, page


def test_approved_guideline_has_no_draft_banner(german_site: Path) -> None:
    assert "ENTWURF" not in banner(german_site)
    assert "data-playbook-ack" in banner(german_site)


def test_acknowledge_banner_links_changes_and_confirmation(german_site: Path) -> None:
    part = banner(german_site, "accounts/nordlicht_hilft/index.html")
    assert 'data-playbook-ack="2026-10-01"' in part
    assert "Der Leitfaden wurde am 01.10.2026 geändert" in part
    assert '<a href="../../changes/">Lies, was sich geändert hat.</a>' in part
    assert 'href="https://intranet.nordlicht-energie.example/leitfaden/bestaetigen"' in part
    source = (german_site / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/playbook/banner.js"></script>' in source
    script = (german_site / "assets" / "playbook" / "banner.js").read_text(encoding="utf-8")
    assert "localStorage" in script
    assert "http" not in script, "the script makes no requests"


def test_no_banner_and_no_script_when_nothing_to_say(build_variant) -> None:
    def quiet(policy: dict) -> None:
        for change in policy["changelog"]:
            change["acknowledge"] = False

    site = build_variant("quiet", quiet)
    source = (site / "index.html").read_text(encoding="utf-8")
    assert "md-banner" not in source
    assert "banner.js" not in source
    assert not (site / "assets" / "playbook" / "banner.js").exists()


def test_newest_acknowledged_change_wins_and_is_escaped(build_variant) -> None:
    def hostile(policy: dict) -> None:
        policy["status"] = {"state": "draft"}
        policy["changelog"].append(
            {
                "date": "2026-11-02",
                "summary": 'Neu: <script>alert("x")</script> & mehr',
                "acknowledge": True,
            }
        )

    site = build_variant("hostile", hostile)
    part = banner(site)
    assert 'data-playbook-ack="2026-11-02"' in part
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; mehr" in part
    assert "<script>alert" not in (site / "index.html").read_text(encoding="utf-8")
    assert "<strong>ENTWURF</strong>" in part
    assert "bestaetigen" not in part, "no confirmation link when the policy gives none"


def test_company_custom_dir_is_searched_before_the_banner_override(tmp_path: Path) -> None:
    from conftest import MKDOCS_YML

    config = MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    project = tmp_path / "p"
    write_project(project, ENGLISH, mkdocs_yml=config)
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block announce %}Company notice{% endblock %}'
    )
    part = banner(mkdocs_build(project / "mkdocs.yml"))
    assert "Company notice" in part
    assert "DRAFT" not in part


# --- minimal and maximal policies -------------------------------------------------------------


def test_minimal_policy_builds_clean_pages(build_site) -> None:
    site = build_site(MINIMAL, mkdocs_yml=LENIENT)
    for page in ("index.html", "strategy/index.html", "accounts/minimal/index.html",
                 "checklists/index.html", "legal/index.html"):
        assert (site / page).is_file(), page
    assert "<strong>ENTWURF</strong>" in banner(site)
    launch = task_items(site, "accounts/minimal/index.html")
    assert "Eine verantwortliche Person benennen und in der Richtlinie eintragen" in launch
    assert "Profil-Adresse in der Richtlinie eintragen" in launch
    assert site_problems(site) == []


def maximal() -> dict:
    policy = load_yaml(GERMAN)
    policy["accounts"].append(
        {
            "handle": "@nordlicht_video",
            "network": "tube",
            "role": "service",
            "purpose": "Erklärvideos.",
            "owner": "Vera Vogt",
            "bio": "Erklärvideos. Antworten So 10:00–12:00",
            "language": "en",
            "hours": [{"days": "sun", "open": "10:00", "close": "12:00"}],
            "response_targets": [{"priority": "normal", "within": "2 h"}],
            "tool": "Servicedesk Social",
            "two_factor": True,
        }
    )
    policy["networks"] = {
        "tube": {"name": "Tube", "bio_limit": 40, "private_messages": True,
                 "business_profile": False, "text_limit": 100}
    }
    policy["voice"]["examples"].append(
        {"situation": "other", "message": "Hallo?", "reply": "Hallo! ^ro"}
    )
    policy["voice"]["sign_off"] = {"convention": "first_name"}
    policy["team"].append({"initials": "vv", "name": "Vera", "accounts": ["@nordlicht_video"]})
    policy["checklists"].append({"checklist": "crisis", "text": "Vorstand informieren"})
    policy["status"]["state"] = "draft"
    policy["service"]["thank_praise"] = False
    policy["service"]["escalation"].append(
        {"trigger": "Sonstiges", "to": "Teamleitung", "contact": "Jonas Petersen"}
    )
    policy["examples"]["custom"].append(dict(CUSTOM, topics=["following", "crisis"]))
    return policy


def test_maximal_policy_builds_clean_pages(build_site) -> None:
    site = build_site(maximal())
    for page in GERMAN_PAGES:
        assert (site / page).is_file(), page
    assert site_problems(site) == []
    assert "Vorstand informieren" in task_items(site, "checklists/index.html")
    assert "Sonstiges: An Teamleitung übergeben" in page_text(site, "service/index.html")
    team = page_text(site, "team/index.html")
    assert team.endswith("Vera"), "the video account's own person comes last"
    assert "<table>" not in article(site / "team" / "index.html"), "names need no second column"
    video = page_text(site, "accounts/nordlicht_video/index.html")
    assert "Erklärvideos. Antworten So 10:00–12:00 38 von 40 Zeichen erlaubt" in video


def test_hashtags_in_policy_text_stay_text(german_site: Path) -> None:
    source = article(german_site / "employees" / "index.html")
    assert "#Werbung #Mitarbeiterin oder #Mitarbeiter" in visible(source)
    assert [visible(h[1]) for h in HEADING.findall(source) if "Werbung" in h[1]] == [
        "Werbung kennzeichnen"
    ]


def test_many_accounts_keep_launch_checklists_on_their_pages(build_variant) -> None:
    def many(policy: dict) -> None:
        template = policy["accounts"][0]
        policy["accounts"] += [
            dict(template, handle=f"@nordlicht_team{i}", url=f"https://x.com/nordlicht_team{i}")
            for i in range(16)
        ]

    site = build_variant("many", many)
    text = page_text(site, "checklists/index.html")
    assert "Jedes Konto hat seine Checkliste zum Start auf der eigenen Seite" in text
    assert "@nordlicht_team3" not in text
    assert "Eingänge aller 19 Servicekonten abarbeiten, dringende zuerst" in text
    assert "Mit Servicedesk Social verbunden" in task_items(
        site, "accounts/nordlicht_team3/index.html"
    )
