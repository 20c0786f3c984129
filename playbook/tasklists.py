"""Task lists as checklists: labelled checkboxes and the hooks the checklist script needs.

``pymdownx.tasklist`` writes each item as an unlabelled, disabled checkbox followed by the
item's text. This pass (run on each page's HTML) moves that text into the checkbox's label, so
screen readers announce what is being ticked and a click on the text ticks it; no ids are
involved, so pages combined into the print page keep their labels. Each outermost list gets a
key that stays the same from build to build (the page, the heading above the list, a counter)
and the wording the script shows ("3 von 9", the reset button), taken from the catalog.
Without JavaScript the lists stay plain, readable and disabled.
"""

from __future__ import annotations

import html
import re

_ITEM = re.compile(
    r'(<li class="task-list-item">(?:<p>)?<label class="task-list-control">'
    r'<input type="checkbox"[^>]*>.*?)</label>'
    r"(.*?)(?=<ul|<ol|</li>|</p>|<p>|<div|<pre|<table|<blockquote)",
    re.S,
)
_HEADING = re.compile(r'<h[1-6][^>]*\bid="([^"]+)"')
_LIST_OPEN = re.compile(r'<ul class="task-list">')
_TOKEN = re.compile(r'<h[1-6][^>]*\bid="[^"]+"|<ul\b|</ul>')


def mark_checklists(page_html: str, *, page_key: str, progress: str, reset: str) -> str:
    """Label every task-list checkbox and mark the outermost lists for the checklist script.

    ``page_key`` names the page (its URL within the site), ``progress`` is the wording with
    ``{done}`` and ``{total}`` placeholders, ``reset`` the button's label; all plain text.
    """
    if 'class="task-list"' not in page_html:
        return page_html
    page_html = _ITEM.sub(r'\1<span class="playbook-task">\2</span></label>', page_html)
    return _mark_outermost(page_html, page_key=page_key, progress=progress, reset=reset)


def _mark_outermost(page_html: str, *, page_key: str, progress: str, reset: str) -> str:
    """Give each task list that is not nested in another task list its key and wording."""
    wording = (
        f' data-playbook-progress="{html.escape(progress)}"'
        f' data-playbook-reset="{html.escape(reset)}"'
    )
    parts: list[str] = []
    position = 0
    open_lists: list[bool] = []
    heading = "top"
    seen: dict[str, int] = {}
    for token in _TOKEN.finditer(page_html):
        text = token.group(0)
        if text.startswith("<h"):
            found = _HEADING.match(text)
            heading = found.group(1) if found else heading
        elif text == "</ul>":
            if open_lists:
                open_lists.pop()
        else:
            is_task_list = _LIST_OPEN.match(page_html, token.start()) is not None
            if is_task_list and not any(open_lists):
                seen[heading] = seen.get(heading, 0) + 1
                suffix = "" if seen[heading] == 1 else f"-{seen[heading]}"
                key = f"{page_key}#{heading}{suffix}"
                parts.append(page_html[position:token.start()])
                parts.append(
                    f'<ul class="task-list" data-playbook-checklist="{html.escape(key)}"{wording}'
                )
                position = token.start() + len('<ul class="task-list"')
            open_lists.append(is_task_list)
    parts.append(page_html[position:])
    return "".join(parts)
