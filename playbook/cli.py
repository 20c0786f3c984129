"""The ``playbook`` command. User errors print one line each and exit 1; usage errors exit 2.

Each command is a thin layer over a plain module; MkDocs itself is only ever run as a
subprocess (``build``/``serve``), so this module does not import it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from playbook import __version__
from playbook.errors import PlaybookError
from playbook.schema import policy_schema

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(func: F) -> F:
    """Turn a :class:`PlaybookError` into its message on stderr and exit code 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PlaybookError as error:
            click.echo(str(error), err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def main() -> None:
    """Turn a social-media policy file into a published guideline site.

    \b
    Example:
      playbook init my-guideline && cd my-guideline && playbook serve
    """


@main.command()
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
@user_errors
def schema(output: Path | None) -> None:
    """Print the policy's JSON Schema (draft 2020-12), for editors and CI.

    \b
    Example:
      playbook schema --output content/policy.schema.json
    """
    text = json.dumps(policy_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


def _mkdocs(command: str, config_file: Path, extra: tuple[str, ...]) -> None:
    if not config_file.is_file():
        raise PlaybookError(f"{config_file}: file not found; run `playbook init` first")
    args = [sys.executable, "-m", "mkdocs", command, "-f", str(config_file), *extra]
    sys.exit(subprocess.call(args))


_CONFIG = click.option(
    "-f", "--config-file", type=click.Path(path_type=Path), default=Path("mkdocs.yml"),
    show_default=True, help="The project's mkdocs.yml.",
)


@main.command(context_settings={"ignore_unknown_options": True})
@_CONFIG
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
@user_errors
def build(config_file: Path, mkdocs_args: tuple[str, ...]) -> None:
    """Build the site (``mkdocs build``); further options go to MkDocs.

    \b
    Example:
      playbook build --strict
    """
    _mkdocs("build", config_file, mkdocs_args)


@main.command(context_settings={"ignore_unknown_options": True})
@_CONFIG
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
@user_errors
def serve(config_file: Path, mkdocs_args: tuple[str, ...]) -> None:
    """Preview the site and rebuild on every save (``mkdocs serve``).

    \b
    Example:
      playbook serve --dev-addr 127.0.0.1:8001
    """
    _mkdocs("serve", config_file, mkdocs_args)
