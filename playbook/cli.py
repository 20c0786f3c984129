"""The ``playbook`` command. User errors print one line each and exit 1; usage errors exit 2.

Each command is a thin layer over a plain module; MkDocs itself is only ever run as a
subprocess (``build``/``serve``), so this module does not import it.
"""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from playbook import __version__
from playbook import init as starter
from playbook.errors import PlaybookError
from playbook.schema import schema_text

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


def _stdin_is_terminal() -> bool:
    """Whether someone can answer questions (not a pipe, a CI job or a test runner)."""
    return sys.stdin.isatty()


def _ask(prompt: Any) -> str:
    """Show one question of ``playbook init`` with its reason; ask again until it is valid."""

    def check(answer: str) -> str:
        try:
            prompt.check(answer)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
        return answer

    click.echo()
    click.secho(prompt.why, dim=True)
    return str(click.prompt(prompt.question, default=prompt.default, value_proc=check))


@main.command()
@click.argument(
    "directory", metavar="[DIR]", default=Path("."),
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--preset", type=click.Choice(starter.preset_names()), default="service", show_default=True,
    help="The answers every question starts from.",
)
@click.option(
    "--language", type=click.Choice(["de", "en"]), default="de", show_default=True,
    help="Language of the questions and of the guideline site.",
)
@click.option("-y", "--yes", is_flag=True, help="Take the preset's answers without asking.")
@click.option("--force", is_flag=True, help="Overwrite content/policy.yml and its schema.")
@user_errors
def init(directory: Path, preset: str, language: str, yes: bool, force: bool) -> None:
    """Start a guideline in DIR (default: here): answer the strategy questions one by one.

    Writes content/policy.yml (each answer under its question), content/policy.schema.json
    for editors, mkdocs.yml where missing, and docs/, so that `mkdocs serve` works at once.
    Without a terminal (or with --yes) the preset's answers are taken as they are.

    \b
    Example:
      playbook init my-guideline --preset small-business --language en
      cd my-guideline && mkdocs serve
    """
    ask = None if yes or not _stdin_is_terminal() else _ask
    if ask is not None:
        starter.check_free(directory, language, force)
        click.echo(starter.intro(language))
    result = starter.create(
        directory, preset=preset, language=language, force=force, ask=ask,
    )
    if ask is not None:
        click.echo()
    for line in result.messages:
        click.echo(line, err=True)


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
    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


def _mkdocs(command: str, config_file: Path, extra: tuple[str, ...]) -> None:
    """Run MkDocs and pass a termination on to it.

    A process manager, an IDE or a test stops ``playbook serve`` with SIGTERM; without passing
    it on, the MkDocs server would outlive this process and keep its port.
    """
    if not config_file.is_file():
        raise PlaybookError(f"{config_file}: file not found; run `playbook init` first")
    args = [sys.executable, "-m", "mkdocs", command, "-f", str(config_file), *extra]
    process = subprocess.Popen(args)
    # Only the main thread may set a signal handler (the CLI can be called from others).
    forward = threading.current_thread() is threading.main_thread()
    if forward:
        previous = signal.signal(signal.SIGTERM, lambda number, _: process.send_signal(number))
    try:
        code = process.wait()
    except KeyboardInterrupt:  # Ctrl-C reached MkDocs too; let it finish its shutdown
        code = process.wait()
    finally:
        if forward:
            signal.signal(signal.SIGTERM, previous)
    sys.exit(code)


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


@main.command()
@click.argument(
    "policy", type=click.Path(dir_okay=False, path_type=Path),
    default=Path("content/policy.yml"),
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
    show_default=True, help="One finding per line, or a JSON list for CI tools.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only on errors.")
@click.option(
    "--library", type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The company's own library folder (networks.yml, legal.yml, examples/), as in mkdocs.yml.",
)
@click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge review dates as of this day (YYYY-MM-DD) instead of today.",
)
@user_errors
def check(
    policy: Path, output_format: str, strict: bool, library: Path | None, today: Any
) -> None:
    """Validate POLICY and apply the consistency rules (default: content/policy.yml).

    Validation errors print as the build prints them; then one line per finding,
    `file:line:col: severity rule-id: message (fix: ...)`, and a summary. Exit code 1 on
    errors (and on warnings with --strict), 0 otherwise.

    \b
    Example:
      playbook check content/policy.yml --strict
      playbook check --format json > findings.json
    """
    from playbook import checks
    from playbook.guideline import load

    try:
        ctx, _ = load(policy, library_dir=library)
    except PlaybookError as error:
        if output_format == "json":
            click.echo(checks.to_json(checks.error_json(error, str(policy))))
        raise
    findings = checks.run(ctx, today=today.date() if today else None)
    if output_format == "json":
        click.echo(checks.to_json(f.as_json() for f in findings))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(checks.summary(findings, str(policy)))
    if checks.failed(findings, strict=strict):
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--since", metavar="GIT-REV",
    help="Compare POLICY (default: content/policy.yml) with its version in this git revision.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "yaml"]), default="text",
    show_default=True,
    help="A Markdown list, or a YAML list to paste under a changelog entry's details.",
)
@user_errors
def diff(files: tuple[Path, ...], since: str | None, output_format: str) -> None:
    """Say what changed between two versions of a policy, in the policy's language.

    Give two files (OLD NEW), or --since GIT-REV and at most one file. Prints one line per
    change in substance: accounts are matched by handle, response targets by priority, list
    entries as added or removed, other values as old -> new. Exit code 0.

    \b
    Example:
      playbook diff old/policy.yml content/policy.yml
      playbook diff --since HEAD~1 --format yaml
    """
    from playbook import diff as differ

    if since is None and len(files) != 2:
        raise click.UsageError("give two policy files (OLD NEW), or --since GIT-REV [POLICY]")
    if since is not None and len(files) > 1:
        raise click.UsageError("--since compares one policy with its past; give at most one file")
    if since is None:
        old, new = differ.load(files[0]), differ.load(files[1])
    else:
        path = files[0] if files else Path("content/policy.yml")
        new = differ.load(path)
        old = differ.load_from_git(path, since)
    lines = differ.changes(old, new)
    if not lines:
        click.echo(differ.Differ(new.company.language).strings["diff.none"], err=True)
    elif output_format == "yaml":
        click.echo(differ.as_yaml(lines), nl=False)
    else:
        click.echo("".join(f"- {line}\n" for line in lines), nl=False)


@main.command()
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path))
@_CONFIG
@click.option("--force", is_flag=True, help="Replace docs/ and mkdocs.yml in a non-empty DIR.")
@user_errors
def export(target: Path, config_file: Path, force: bool) -> None:
    """Write the guideline as plain Markdown and an mkdocs.yml without the plugin into DIR.

    DIR/docs holds the generated pages and the project's own docs files; DIR/mkdocs.yml has
    the project's theme and extensions and the navigation written out, so `mkdocs build` or
    `zensical build` builds the same site there, and reviewers can read the Markdown.

    \b
    Example:
      playbook export review/ -f mkdocs.yml
      cd review && zensical build
    """
    from playbook.export import export as write_export

    result = write_export(config_file, target, force=force)
    for option in result.dropped:
        click.echo(f"{config_file}: {option}: not exported; copy what it names by hand", err=True)
    click.echo(f"wrote {len(result.pages)} pages to {target / 'docs'} and {target / 'mkdocs.yml'}",
               err=True)


@main.command()
@click.option(
    "--per-hour", type=click.FloatRange(0, 1_000_000), required=True,
    help="Messages arriving per hour.",
)
@click.option(
    "--handle-minutes", type=click.FloatRange(0, 43_200, min_open=True), required=True,
    help="Average handling time of one message, in minutes (decimals allowed).",
)
@click.option(
    "--within", type=click.FloatRange(0, 43_200), required=True,
    help="The response time promised, in minutes (decimals allowed; 0.5 = 30 seconds).",
)
@click.option(
    "--target", type=click.FloatRange(0, 1, min_open=True), default=0.8, show_default=True,
    help="Share of messages to answer within that time.",
)
@click.option(
    "--shrinkage", type=click.FloatRange(0, 1, max_open=True), default=0.0, show_default=True,
    help="Share of time on shift nobody answers (breaks, meetings, absence), e.g. 0.3.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
    show_default=True, help="Plain text for people, JSON for scripts.",
)
@user_errors
def staffing(
    per_hour: float, handle_minutes: float, within: float, target: float, shrinkage: float,
    output_format: str,
) -> None:
    """Work out how many agents a steady stream of messages needs (Erlang C).

    \b
    Example: 200 messages an hour, 3 minutes each, 80 % answered within 20 seconds:
      playbook staffing --per-hour 200 --handle-minutes 3 --within 0.333 --target 0.8
    """
    from playbook import erlang

    try:
        result = erlang.staff(per_hour, handle_minutes, within, target)
    except ValueError as error:
        raise PlaybookError(f"staffing: {error}") from None
    on_shift = math.ceil(result.agents / (1 - shrinkage) - 1e-9)
    if output_format == "json":
        data = {
            "agents": result.agents,
            "service_level": round(result.service_level, 6),
            "occupancy": round(result.occupancy, 6),
            "shrinkage": shrinkage,
            "on_shift": on_shift,
        }
        click.echo(json.dumps(data))
        return
    load = erlang.traffic(per_hour, handle_minutes)
    wait = f"{within * 60:.3g} s" if 0 < within < 1 else f"{within:g} min"
    click.echo(f"Traffic: {load:.4g} Erlang")
    click.echo(f"Agents needed: {result.agents}")
    if shrinkage:
        click.echo(f"People on shift: {on_shift} (with {shrinkage * 100:g} % shrinkage)")
    level = math.floor(result.service_level * 1000 + 1e-9) / 10  # never round up to a promise
    click.echo(f"Service level: {level:.1f} % answered within {wait}")
    click.echo(f"Occupancy: {result.occupancy * 100:.1f} %")


if __name__ == "__main__":
    main()
