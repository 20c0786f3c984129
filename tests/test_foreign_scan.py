"""The fast scan for remote addresses finds exactly what the plain patterns find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from playbook import assets

PIECES = ["url(", "URL(", "@import", "@IMPORT", " ", "\t", "\n", "'", '"', "/", "//", "http:",
          "HTTPS:", "https:", "x", "(", ")", "a.b", "<", ">", "ſ", "u", "rl(", "<img ",
          "<script ", "<link ", 'rel="icon" ', "src=", "href=", "srcset=", "=", ",", "alt='a<b' "]


def everywhere(html: str) -> list[str]:
    """The scan as the patterns define it: every tag and every CSS address of the page."""
    found: list[str] = []
    for tag, attrs in assets._TAG.findall(html):
        found += assets._tag_resources(tag.lower(), attrs)
    return found + assets._CSS_URL.findall(html)


@settings(max_examples=3000)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_scan_matches_the_patterns_everywhere(text: str) -> None:
    assert sorted(assets.foreign_resources(text)) == sorted(everywhere(text))


def test_css_scan_on_a_page() -> None:
    page = (
        "<style>a{background:URL( 'https://cdn.example/a.png')} @import \"//fonts.example/x\";"
        "b{background:url(/local.png)} c{background:url(data:x//y)}</style>"
        '<div style="background: url(//img.example/b//c.png)">https://text.example/</div>'
        '<img alt="a<b" src="https://img.example/d.png">'
    )
    assert assets.foreign_resources(page) == [
        "https://cdn.example/a.png", "//fonts.example/x", "//img.example/b//c.png",
        "https://img.example/d.png",
    ]
