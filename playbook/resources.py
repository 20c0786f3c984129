"""Where the shipped templates and library live, in a source checkout and in an installed wheel.

The wheel carries them under ``playbook/_shipped`` (see ``force-include`` in pyproject.toml); an
editable install or a checkout finds them at the project root. Both are looked up the same way.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_LOCATIONS = {
    "templates": ("_shipped/templates", "../templates"),
    "examples": ("_shipped/examples", "../content/examples"),
    "library": ("_shipped/library", "../content/library"),
}


def shipped(name: str) -> Path:
    """Return the folder of a shipped resource: ``templates``, ``examples`` or ``library``."""
    candidates = [(_PACKAGE / relative).resolve() for relative in _LOCATIONS[name]]
    return next((c for c in candidates if c.is_dir()), candidates[-1])
