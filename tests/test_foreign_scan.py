"""The fast scan for remote addresses in CSS finds exactly what the plain pattern finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from playbook import assets

PIECES = ["url(", "URL(", "@import", "@IMPORT", " ", "\t", "\n", "'", '"', "/", "//", "http:",
          "HTTPS:", "https:", "x", "(", ")", "a.b", "<", ">", "ſ", "u", "rl("]


@settings(max_examples=3000)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_css_scan_matches_the_pattern_everywhere(text: str) -> None:
    assert assets._css_urls(text) == assets._CSS_URL.findall(text)


def test_css_scan_on_a_page() -> None:
    page = (
        "<style>a{background:URL( 'https://cdn.example/a.png')} @import \"//fonts.example/x\";"
        "b{background:url(/local.png)} c{background:url(data:x//y)}</style>"
        '<div style="background: url(//img.example/b//c.png)">https://text.example/</div>'
    )
    assert assets._css_urls(page) == [
        "https://cdn.example/a.png", "//fonts.example/x", "//img.example/b//c.png",
    ]
