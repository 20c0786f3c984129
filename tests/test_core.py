"""The core promise: a policy file becomes a guideline site through the MkDocs plugin."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ENGLISH, GERMAN, ROOT, load_yaml, mkdocs_build, page_text, write_project

from playbook.resources import shipped


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("german") / "site"
    config = ROOT / "mkdocs.yml"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(config), site_dir=str(site))
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    return site


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("english") / "site"
    cfg = load_config(str(ENGLISH.parent / "mkdocs.yml"), site_dir=str(site))
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    return site


def run_mkdocs_build(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_german_example_answers_appear_where_they_belong(german_site: Path) -> None:
    service = page_text(german_site, "service/index.html")
    assert "Dringend 30 Min." in service
    assert "Mo–Fr 07:00–20:00, Sa 09:00–14:00" in service
    assert "Leitstelle Netzbetrieb" in service
    account = page_text(german_site, "accounts/nordlicht_hilft/index.html")
    assert "Jonas Petersen, Teamleitung Social Service" in account
    assert "Wir duzen auf diesem Konto." in account
    karriere = page_text(german_site, "accounts/nordlicht_karriere/index.html")
    assert "Wir siezen auf diesem Konto." in karriere
    start = (german_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in start


def test_english_example_speaks_english(english_site: Path) -> None:
    html = (english_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    assert "Social media guideline of Harbour Lane Bikes" in page_text(english_site, "index.html")
    search_config = (english_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["en"]' in search_config.replace(" ", "")


def test_german_search_is_configured_for_german(german_site: Path) -> None:
    search_config = (german_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["de"]' in search_config.replace(" ", "")


def test_changing_an_answer_changes_the_page(build_site) -> None:
    policy = load_yaml(GERMAN)
    policy["service"]["response_targets"][0]["within"] = "2 h"
    policy["accounts"][0]["owner"] = "Erika Mustermann"
    site = build_site(policy)
    assert "Dringend 2 Std." in page_text(site, "service/index.html")
    assert "Erika Mustermann" in page_text(site, "accounts/nordlicht_hilft/index.html")


def test_account_overrides_company_defaults(build_site) -> None:
    policy = load_yaml(GERMAN)
    instagram = page_text(build_site(policy), "accounts/nordlicht-energie/index.html")
    assert "Mo–Fr 09:00–18:00" in instagram
    assert "Sa 09:00–14:00" not in instagram


def test_navigation_lists_generated_pages_in_order(german_site: Path) -> None:
    html = (german_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary") :]
    labels = (
        "Strategie und Zielgruppe",
        "@nordlicht_hilft",
        "Service und Reaktionszeiten",
        "Änderungen",
    )
    positions = [nav.index(label) for label in labels]
    assert positions == sorted(positions)


def test_hand_written_page_wins_and_joins_the_nav(tmp_path: Path) -> None:
    config = write_project(tmp_path / "p", GERMAN)
    (tmp_path / "p" / "docs" / "service.md").write_text("# Unser Service\n\nVon Hand.\n")
    (tmp_path / "p" / "docs" / "kontakt.md").write_text("# Kontakt\n\nSchreib uns.\n")
    site = mkdocs_build(config)
    assert page_text(site, "service/index.html") == "Unser Service ¶ Von Hand."
    assert "Kontakt" in (site / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "p" / "docs").iterdir()) == [
        "kontakt.md",
        "service.md",
    ]


def test_hand_written_nav_can_list_generated_pages(tmp_path: Path) -> None:
    from conftest import MKDOCS_YML

    config = write_project(
        tmp_path / "p",
        GERMAN,
        mkdocs_yml=MKDOCS_YML + "nav:\n  - Leitfaden: index.md\n  - Service: service.md\n",
    )
    site = mkdocs_build(config)
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert "Service" in nav and (site / "strategy" / "index.html").exists()


def test_policy_inside_docs_dir_is_not_published(tmp_path: Path) -> None:
    from conftest import MKDOCS_YML

    config = write_project(
        tmp_path / "p",
        GERMAN,
        mkdocs_yml=MKDOCS_YML.replace("policy: policy.yml", "policy: docs/policy.yml"),
    )
    (tmp_path / "p" / "policy.yml").rename(tmp_path / "p" / "docs" / "policy.yml")
    site = mkdocs_build(config)
    assert not list(site.rglob("policy.yml"))


def test_company_template_overrides_one_page_and_one_wording(tmp_path: Path) -> None:
    from conftest import MKDOCS_YML

    own = tmp_path / "p" / "overrides"
    (own / "pages").mkdir(parents=True)
    (own / "i18n" / "de").mkdir(parents=True)
    (own / "pages" / "strategy.md").write_text(
        "# {{ t('strategy.title') }}\n\n"
        "Unsere Rolle: {{ t('role.' ~ policy.strategy.channel_role) }}\n"
    )
    (own / "i18n" / "de" / "mine.yml").write_text("strategy:\n  title: Unser Kurs\n")
    config = write_project(
        tmp_path / "p",
        GERMAN,
        mkdocs_yml=MKDOCS_YML.replace(
            "policy: policy.yml", "policy: policy.yml\n      templates: overrides"
        ),
    )
    site = mkdocs_build(config)
    assert (
        page_text(site, "strategy/index.html")
        == "Unser Kurs ¶ Unsere Rolle: Hybride Serviceplattform"
    )
    assert "Dringend 30 Min." in page_text(site, "service/index.html")


def test_template_typo_fails_the_build_naming_the_template(tmp_path: Path) -> None:
    from conftest import MKDOCS_YML

    own = tmp_path / "p" / "overrides" / "pages"
    own.mkdir(parents=True)
    (own / "strategy.md").write_text("# Titel\n\n{{ policy.strategy.chanel_role }}\n")
    config = write_project(
        tmp_path / "p",
        GERMAN,
        mkdocs_yml=MKDOCS_YML.replace(
            "policy: policy.yml", "policy: policy.yml\n      templates: overrides"
        ),
    )
    result = run_mkdocs_build(config)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{own / 'strategy.md'}:3: template error:" in result.stderr
    assert "chanel_role" in result.stderr
    assert not (tmp_path / "p" / "site").exists()


def test_sections_option_limits_the_pages(tmp_path: Path) -> None:
    from conftest import MKDOCS_YML

    config = write_project(
        tmp_path / "p",
        GERMAN,
        mkdocs_yml=MKDOCS_YML.replace(
            "policy: policy.yml", "policy: policy.yml\n      sections: [start, service]"
        ),
    )
    site = mkdocs_build(config)
    assert (site / "service" / "index.html").exists()
    assert not (site / "strategy").exists()


def test_typo_in_nested_field_names_file_line_column_and_path(tmp_path: Path) -> None:
    text = GERMAN.read_text(encoding="utf-8").replace(
        "    owner: Tobias Lange", "    ower: Tobias Lange"
    )
    config = write_project(tmp_path / "p", text)
    line = text.splitlines().index("    ower: Tobias Lange, Personalmarketing") + 1
    result = run_mkdocs_build(config)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    policy = tmp_path / "p" / "policy.yml"
    assert (
        f"{policy}:{line}:5: accounts.4.ower: unknown key 'ower'; did you mean 'owner'?"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda t: t.replace('    open: "09:00"', '    open: "9 Uhr"', 1),
            "accounts.2.hours.0.open: '9 Uhr' is not a time of day; "
            "write it as 'HH:MM', e.g. '08:30'",
        ),
        (
            lambda t: t.replace("  review_interval_months: 6", "  review_interval_months: sechs"),
            "status.review_interval_months: expected a whole number, got text 'sechs'",
        ),
        (
            lambda t: t.replace("  country: DE\n", "  country: DE\n  country: AT\n"),
            "company.country: duplicate key 'country' (first given at line",
        ),
        (
            lambda t: t.replace("  formal_for_complaints: true", "  formal_for_complaints: yes"),
            "voice.formal_for_complaints: expected true or false",
        ),
        (
            lambda t: t.replace(
                "strategy:\n  channel_role: hybrid", "strategy:\n  channel_role: [hybrid"
            ),
            ": YAML syntax:",
        ),
        (
            lambda t: t.replace("    network: linkedin", "    network: linkdin"),
            "accounts.4.network: unknown network 'linkdin'; did you mean 'linkedin'?",
        ),
    ],
    ids=["time", "type", "duplicate", "yes-is-not-a-boolean", "syntax", "network"],
)
def test_policy_errors_point_at_the_offending_value(tmp_path: Path, change, expected) -> None:
    from playbook.errors import PlaybookError
    from playbook.guideline import generate

    policy = tmp_path / "policy.yml"
    policy.write_text(change(GERMAN.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        generate(policy)
    message = str(caught.value)
    assert message.startswith(f"{policy}:")
    assert expected in message
    assert len(message.splitlines()) == 1


def test_yaml_1_1_words_stay_text(tmp_path: Path) -> None:
    from playbook.guideline import generate

    policy = load_yaml(GERMAN)
    policy["company"]["country"] = "NO"
    text = write_project(tmp_path / "p", policy).parent.joinpath("policy.yml").read_text()
    assert "country: 'NO'" in text
    raw = text.replace("country: 'NO'", "country: NO").replace(
        "- Neue Eskalationsregel für Gasgeruch", "- on"
    )
    (tmp_path / "p" / "policy.yml").write_text(raw)
    guideline = generate(tmp_path / "p" / "policy.yml")
    assert guideline.context.policy.company.country == "NO"
    assert "on" in guideline.context.policy.changelog[0].details


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    from playbook.guideline import generate

    policy = tmp_path / "policy.yml"
    policy.write_bytes(b"\xef\xbb\xbf" + ENGLISH.read_bytes())
    assert generate(policy).context.policy.company.name == "Harbour Lane Bikes"


def test_the_same_policy_renders_the_same_markdown() -> None:
    from playbook.guideline import generate

    assert generate(GERMAN).markdown == generate(copy.copy(GERMAN)).markdown


def test_build_leaves_the_checkout_clean(tmp_path: Path) -> None:
    before = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    after = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    )
    assert after.stdout == before.stdout


def test_shipped_resources_come_from_the_checkout_in_an_editable_install() -> None:
    assert shipped("templates") == ROOT / "templates"
    assert shipped("library") == ROOT / "content" / "library"
    assert shipped("examples") == ROOT / "content" / "examples"


def test_installed_wheel_carries_templates_and_library(tmp_path: Path) -> None:
    """Build the wheel, unpack it, and render the English example from the unpacked copy."""
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheel_dir.glob("playbook-*.whl")
    import zipfile

    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    script = (
        "import sys; from pathlib import Path; import playbook.resources as r;"
        "from playbook.guideline import generate;"
        "print(r.shipped('templates')); print(r.shipped('library')); print(r.shipped('examples'));"
        f"g = generate(Path({str(ENGLISH)!r})); print(len(g.markdown))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(unpacked), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=tmp_path,
    ).stdout.splitlines()
    assert out[0] == str(unpacked / "playbook" / "_shipped" / "templates")
    assert out[1] == str(unpacked / "playbook" / "_shipped" / "library")
    assert out[2] == str(unpacked / "playbook" / "_shipped" / "examples")
    assert int(out[3]) >= 5
