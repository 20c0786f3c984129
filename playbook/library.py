"""The built-in library (networks, legal rules, best-practice examples) plus a company's own.

A company's library folder has the same layout as the shipped one (``networks.yml``,
``legal.yml``, ``examples/*.yml``); what it holds is added, and an entry with a known id
replaces the built-in one. An example's id is its file name, so two files can never claim the
same id and quietly shadow each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import RootModel

from playbook.errors import PlaybookError, Problem
from playbook.loader import load_model
from playbook.model import LegalLibrary, LegalRule, LibraryExample, Network
from playbook.resources import shipped


class _Networks(RootModel[dict[str, Network]]):
    """The ``networks.yml`` file: network id -> properties."""


@dataclass
class Library:
    """Everything the policy can refer to by id."""

    networks: dict[str, Network] = field(default_factory=dict)
    legal: LegalLibrary = field(default_factory=LegalLibrary)
    examples: dict[str, LibraryExample] = field(default_factory=dict)
    sources: list[Path] = field(default_factory=list)

    def legal_rules(self, country: str) -> list[LegalRule]:
        """General rules followed by the country's own."""
        return [*self.legal.general, *self.legal.countries.get(country, [])]


def load_library(*extra: Path | None) -> Library:
    """Read the shipped library, then each company folder on top of it."""
    library = Library(sources=[shipped("library"), shipped("examples")])
    _read_folder(library, shipped("library"), shipped("examples"))
    for folder in extra:
        if folder is not None:
            library.sources.append(folder)
            _read_folder(library, folder, folder / "examples")
    return library


def _read_folder(library: Library, folder: Path, examples: Path) -> None:
    networks_file = folder / "networks.yml"
    if networks_file.is_file():
        networks, _ = load_model(networks_file, _Networks, what="network list")
        library.networks.update(networks.root)
    legal_file = folder / "legal.yml"
    if legal_file.is_file():
        legal, _ = load_model(legal_file, LegalLibrary, what="legal library")
        countries = dict(library.legal.countries)
        countries.update(legal.countries)
        library.legal = LegalLibrary(
            general=legal.general or library.legal.general, countries=countries
        )
    if examples.is_dir():
        for path in sorted(examples.glob("*.yml")):
            example, doc = load_model(path, LibraryExample, what="example")
            if example.id != path.stem:
                raise PlaybookError.from_problems(
                    [Problem(str(path), *doc.position(("id",)), "id",
                             f"{example.id!r} must match the file name; rename the file to "
                             f"'{example.id}.yml' or set 'id: {path.stem}'")]
                )
            library.examples[example.id] = example
