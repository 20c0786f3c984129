"""What the generator costs on top of MkDocs, and how it scales with the number of accounts.

For each size (number of accounts) the script writes a synthetic policy modelled on the German
example (``content/policy.yml``) and measures, ``--runs`` times each:

1. ``generate``: load + validate + render of every page in this process (no MkDocs). The
   template cache is cleared before each run, so each run compiles the templates once, as the
   first build of a session does.
2. ``plugin``: a full ``mkdocs build`` with the playbook plugin, in a fresh process (cold, as a
   user runs it).
3. ``plain``: a full ``mkdocs build`` of the same site exported by ``playbook export`` (plain
   Markdown, the plugin's browser files, an mkdocs.yml with the nav written out and no
   plugin): the floor we cannot go below.
4. ``check``: ``playbook check`` in a fresh process (load + validate + consistency checks).
5. peak memory (maximum resident set size) of 2 and 3.

With ``--serve`` it also times the rebuild after a policy change during ``mkdocs serve``: from
writing the policy to the server's "Reloading browsers" line.

Example::

    python scripts/bench.py --sizes 1,10,100 --runs 3
    python scripts/bench.py --json bench.json --markdown   # the README table
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content" / "policy.yml"
sys.path.insert(0, str(ROOT))

EXAMPLE_CONFIG = ROOT / "mkdocs.yml"
EXAMPLE_DOCS = ROOT / "content" / "docs"

FUNCTIONS = [
    "Kundenservice", "Unternehmenskommunikation", "Marke Nordlicht", "Personal",
    "Netzbetrieb", "Vertrieb Geschäftskunden", "Ausbildung", "Energieberatung",
]
REGIONS = [
    "Nord", "Süd", "Ost", "West", "Küste", "Heide", "Marsch", "Geest", "Elbe", "Weser",
    "Ems", "Harz", "Förde", "Bucht", "Moor", "Wald", "Hafen", "Insel", "Deich", "Mitte",
]
OWNERS = [
    "Jonas Petersen", "Katrin Albers", "Mira Schulz", "Tobias Lange", "Leonie Brandt",
    "Henrik Jansen", "Anke Martens", "Ole Carstensen", "Svenja Rieck", "Malte Hinrichs",
]
NETWORKS = ["x", "instagram", "facebook", "linkedin", "mastodon", "bluesky", "threads"]
HOURS_OVERRIDES = [
    ([{"days": "mon-fri", "open": "09:00", "close": "18:00"}], "Mo–Fr 09–18 Uhr"),
    ([{"days": "mon-fri", "open": "08:00", "close": "16:00"},
      {"days": "sat", "open": "10:00", "close": "13:00"}], "Mo–Fr 08–16, Sa 10–13 Uhr"),
    ([{"days": "mon-sun", "open": "06:00", "close": "22:00"}], "täglich 06–22 Uhr"),
]
DEFAULT_HOURS = "Mo–Fr 07–20, Sa 09–14 Uhr"


def synthetic_policy(accounts: int, today: dt.date | None = None) -> dict[str, Any]:
    """The German example with ``accounts`` accounts modelled on its five.

    Every account has a purpose, an owner, a division, a bio and two to four content lines;
    every third overrides the opening hours, every seventh the response targets. Divisions are
    function x region, about twenty accounts each, as a group of regional companies would have.
    Besides the example's four members, who answer on every account, each answering account has
    regional staff. The policy passes ``playbook check`` without findings, so the benchmark
    measures a policy a company would publish.
    """
    today = today or dt.date.today()
    policy = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    models = policy["accounts"]
    divisions = max(1, math.ceil(accounts / 20))
    generated = []
    for i in range(accounts):
        model = models[i % len(models)]
        division_index = i % divisions
        region = REGIONS[(division_index // len(FUNCTIONS)) % len(REGIONS)]
        function = FUNCTIONS[division_index % len(FUNCTIONS)]
        suffix = f"{region.lower().replace('ü', 'ue').replace('ö', 'oe')}{i:04d}"
        handle = f"{model['handle']}_{suffix}"
        hours = HOURS_OVERRIDES[i % len(HOURS_OVERRIDES)] if i % 3 == 1 else None
        account: dict[str, Any] = {
            "handle": handle,
            "network": NETWORKS[i % len(NETWORKS)],
            "name": f"{model['name']} {region}",
            "division": function if divisions <= len(FUNCTIONS) else f"{function} {region}",
            "purpose": f"{model['purpose']} Zuständig für die Region {region}, Revision 0.",
            "owner": f"{OWNERS[i % len(OWNERS)]}, {function}",
            "content": [*model["content"], f"Termine und Neuigkeiten aus der Region {region}"][
                : 2 + i % 3
            ],
            "bio": f"Nordlicht {region}: wir antworten {hours[1] if hours else DEFAULT_HOURS}."
            if model.get("role") != "distribution"
            else f"Neues von Nordlicht Energie aus der Region {region}.",
            "two_factor": True,
            "url": f"https://social.example/{handle.lstrip('@')}",
            "last_review": today - dt.timedelta(days=i % 150),
        }
        for key in ("role", "address_form", "tool"):
            if key in model:
                account[key] = model[key]
        if hours:
            account["hours"] = hours[0]
        if i % 7 == 3:
            account["response_targets"] = [
                {"priority": "urgent", "within": "1 h", "share": 0.9},
                {"priority": "normal", "within": "1 d"},
            ]
        generated.append(account)
    policy["accounts"] = generated
    policy["naming"]["pattern"] = r"^@nordlicht[._][a-z0-9_]+$"
    policy["naming"]["examples"] = [a["handle"] for a in generated[:3]]
    for member in policy["team"]:
        member["accounts"] = []
    answering = [a["handle"] for a in generated if a.get("role") != "distribution"]
    for j in range(math.ceil(len(answering) / 2)):
        policy["team"].append({
            "initials": initials(j),
            "name": f"{OWNERS[j % len(OWNERS)].split()[0]} {j + 1}",
            "accounts": sorted({answering[2 * j], answering[(2 * j + 1) % len(answering)]}),
        })
    for team in policy["service"].get("staffing", []):
        wanted = set(team.get("accounts", []))
        team["accounts"] = [
            a["handle"] for i, a in enumerate(generated)
            if models[i % len(models)]["handle"] in wanted
        ]
    return policy


def initials(index: int) -> str:
    """Three letters, distinct for each index below 26**3 (the example's members have two)."""
    letters = []
    for _ in range(3):
        index, rest = divmod(index, 26)
        letters.append(chr(ord("a") + rest))
    return "".join(reversed(letters))


def write_policy(path: Path, policy: dict[str, Any]) -> None:
    """Write a policy as YAML (UTF-8, keys in the example's order)."""
    path.write_text(yaml.safe_dump(policy, allow_unicode=True, sort_keys=False), "utf-8")


def site_config() -> str:
    """The example's mkdocs.yml for a project folder (``docs/``, ``policy.yml``).

    Not strict, so a finding of a check added later is reported rather than stopping the
    benchmark.
    """
    text = EXAMPLE_CONFIG.read_text("utf-8")
    for old, new in (
        (r"^docs_dir: .*$", "docs_dir: docs"),
        (r"^strict: true\n", ""),
        (r"^(\s+policy: ).*$", r"\1policy.yml"),
    ):
        text, count = re.subn(old, new, text, count=1, flags=re.M)
        if not count and "strict" not in old:
            raise RuntimeError(f"{EXAMPLE_CONFIG} changed: no line matches {old!r}")
    return text


def plugin_project(folder: Path, policy: dict[str, Any]) -> Path:
    """A project built by the plugin: mkdocs.yml, policy.yml and the example's docs folder."""
    if (folder / "docs").exists():
        shutil.rmtree(folder / "docs")
    shutil.copytree(EXAMPLE_DOCS, folder / "docs")
    write_policy(folder / "policy.yml", policy)
    config = folder / "mkdocs.yml"
    config.write_text(site_config(), "utf-8")
    return config


def plain_project(folder: Path, plugin_config: Path) -> Path:
    """The same site as plain Markdown without the plugin, written by ``playbook export``."""
    subprocess.run(
        [sys.executable, "-m", "playbook.cli", "export", str(folder), "-f", str(plugin_config),
         "--force"],
        check=True, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return folder / "mkdocs.yml"


@dataclass
class Sample:
    """Wall time, CPU time (user + system, seconds) and peak memory (MiB) of repeated runs.

    CPU time is reported next to wall time because it is far less disturbed by other work on
    the machine; for a single-threaded build the two agree on a quiet machine.
    """

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    mib: list[float] = field(default_factory=list)

    def median(self) -> float:
        """Median time."""
        return statistics.median(self.seconds)

    def spread(self) -> float:
        """Half the range, relative to the median (0.05 = +-5 %)."""
        if len(self.seconds) < 2:
            return 0.0
        return (max(self.seconds) - min(self.seconds)) / 2 / self.median()

    def cpu_median(self) -> float:
        """Median CPU time."""
        return statistics.median(self.cpu) if self.cpu else float("nan")

    def peak(self) -> float:
        """Median peak memory."""
        return statistics.median(self.mib) if self.mib else float("nan")


def installed_like(workdir: Path) -> None:
    """Run everything as an installed playbook runs: with compiled bytecode.

    pip compiles an installed package's modules once; a checkout run with
    ``PYTHONDONTWRITEBYTECODE`` would compile playbook's modules in every build (0.08 s) while
    MkDocs' come compiled. Bytecode and the template cache go to ``workdir``, not the checkout.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    os.environ["PLAYBOOK_CACHE_DIR"] = str(workdir / "cache")


def environment() -> dict[str, str]:
    """Environment for subprocesses: this checkout's package, no MkDocs 2 banner."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p
    )
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def run(args: Sequence[str], cwd: Path, sample: Sample, ok: tuple[int, ...] = (0,)) -> str:
    """Run a command, add wall time, CPU time and peak RSS (this process alone) to ``sample``.

    Returns its stderr. An exit code outside ``ok`` is a failure.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            args, cwd=cwd, env=environment(), stdout=subprocess.DEVNULL, stderr=err
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode not in ok:
        raise RuntimeError(f"{' '.join(args)} failed in {cwd}:\n{stderr[-3000:]}")
    sample.seconds.append(seconds)
    sample.cpu.append(usage.ru_utime + usage.ru_stime)
    sample.mib.append(usage.ru_maxrss / 1024)
    return stderr


def mkdocs_build(config: Path, sample: Sample) -> int:
    """One cold ``mkdocs build``; returns the number of warnings it logged."""
    site = config.parent / "site"
    if site.exists():
        shutil.rmtree(site)
    args = [sys.executable, "-m", "mkdocs", "build", "-f", config.name]
    stderr = run(args, config.parent, sample)
    return stderr.count("WARNING")


def check_command() -> list[str]:
    """``playbook check`` once the CLI has it; until then the load + validate it is built on."""
    from playbook.cli import main

    if "check" in main.commands:
        return [sys.executable, "-m", "playbook.cli", "check", "policy.yml"]
    return [sys.executable, "-c", "from pathlib import Path; from playbook.guideline import load; "
            "load(Path('policy.yml'))"]


def time_generate(policy: Path, sample: Sample) -> None:
    """Load, validate and render in this process, templates compiled afresh."""
    from playbook import guideline

    cached = getattr(guideline, "_renderer", None) or guideline.renderer_for
    cached.cache_clear()
    start, cpu = time.perf_counter(), time.process_time()
    guideline.generate(policy)
    sample.seconds.append(time.perf_counter() - start)
    sample.cpu.append(time.process_time() - cpu)


class Served:
    """A running ``mkdocs serve`` whose log lines are read in the background."""

    def __init__(self, config: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.lines: queue.Queue[str] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", config.name,
             "-a", f"127.0.0.1:{self.port}"],
            cwd=config.parent, env=environment(),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float) -> list[str]:
        """The log lines up to and including the first one containing ``text``."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or (self.process.poll() is not None and self.lines.empty()):
                raise RuntimeError(f"mkdocs serve: no {text!r} within {timeout:.0f} s:\n"
                                   + "".join(seen[-20:]))
            try:
                line = self.lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return seen

    def memory_mib(self) -> float:
        """Current resident set size of the server."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else float("nan")

    def stop(self) -> None:
        """Stop the server and wait for it."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def time_serve(config: Path, runs: int, timeout: float) -> tuple[Sample, Sample, list[float]]:
    """Rebuild time after a policy edit (write -> "Reloading browsers"), and the server's RSS."""
    policy = config.parent / "policy.yml"
    served = Served(config)
    wall, reported, memory = Sample(), Sample(), []
    try:
        served.wait_for("Serving on", timeout)
        memory.append(served.memory_mib())
        for revision in range(runs):
            text = policy.read_text("utf-8")
            edited = text.replace(f"Revision {revision}.", f"Revision {revision + 1}.", 1)
            if edited == text:
                raise AssertionError("the policy has no revision marker to edit")
            time.sleep(0.5)
            start = time.perf_counter()
            policy.write_text(edited, "utf-8")
            # A rebuild that something else started (an edited template) may finish first:
            # the edit's own rebuild is the first after which the page shows it.
            for _ in range(3):
                lines = served.wait_for("Reloading browsers", timeout)
                page = fetch(f"http://127.0.0.1:{served.port}/accounts/")
                if f"Revision {revision + 1}." in page:
                    break
            else:
                raise AssertionError("the served directory does not show the edit")
            wall.seconds.append(time.perf_counter() - start)
            built = [re.search(r"built in ([\d.]+) seconds", line) for line in lines]
            reported.seconds += [float(m.group(1)) for m in built if m][-1:]
            memory.append(served.memory_mib())
    finally:
        served.stop()
    return wall, reported, memory


def fetch(url: str) -> str:
    """A served page, or '' when the server does not answer."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def machine() -> dict[str, str]:
    """Where the numbers come from."""
    from importlib.metadata import version

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = match.group(1).strip() if match else cpu
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "jinja2": version("jinja2"),
        "pydantic": version("pydantic"),
        "os": f"{platform.system()} {platform.release()}",
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def bench_size(accounts: int, runs: int, workdir: Path, serve: bool, log: Callable[[str], None]
               ) -> dict[str, Any]:
    """All measurements for one size."""
    folder = workdir / f"accounts-{accounts}"
    plugin_config = plugin_project(folder / "plugin", synthetic_policy(accounts))
    plain_config = plain_project(folder / "plain", plugin_config)
    pages = sum(1 for _ in (folder / "plain" / "docs").rglob("*.md"))
    samples = {name: Sample() for name in ("generate", "plugin", "plain", "check")}
    warnings = 0
    check = check_command()
    for i in range(runs):
        log(f"{accounts} accounts, run {i + 1}/{runs}")
        time_generate(plugin_config.parent / "policy.yml", samples["generate"])
        warnings = mkdocs_build(plugin_config, samples["plugin"])
        mkdocs_build(plain_config, samples["plain"])
        # The synthetic policy passes `playbook check`; a rule added later may still find
        # something (exit 1), which is no reason to stop measuring: only stderr means trouble.
        if run(check, plugin_config.parent, samples["check"], ok=(0, 1)).strip():
            raise RuntimeError(f"playbook check could not read {plugin_config.parent}")
    site = folder / "plugin" / "site"
    html_mb = sum(f.stat().st_size for f in site.rglob("*.html")) / 1e6
    result: dict[str, Any] = {
        "accounts": accounts,
        "pages": pages,
        "html_mb": round(html_mb, 1),
        "account_page_kb": round(findable(site, accounts) / 1000, 1),
        "plugin_warnings": warnings,
        **{name: {"seconds": s.seconds, "cpu": s.cpu, "mib": s.mib}
           for name, s in samples.items()},
    }
    if serve:
        log(f"{accounts} accounts, mkdocs serve")
        wall, reported, memory = time_serve(plugin_config, runs, timeout=600)
        result["serve"] = {"seconds": wall.seconds, "built_in": reported.seconds,
                           "mib": memory}
    return result


def findable(site: Path, accounts: int) -> int:
    """Check that every account page is in the search index and linked from the directory.

    Above ``ACCOUNTS_IN_NAV`` accounts their pages are not in the navigation, so these two are
    how readers find them. Returns the size of an account page in bytes, which must not grow
    with the number of accounts (it would if every page carried every account in its nav).
    """
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    account_page = re.compile(r"^accounts/(?!index\b)[^/#]+/$")
    searchable = {d["location"] for d in index["docs"] if account_page.match(d["location"])}
    directory = (site / "accounts" / "index.html").read_text("utf-8")
    linked = set(re.findall(r'href="(?:\./)?([^"#/]+)/"', directory))
    if len(searchable) != accounts or not {p.split("/")[1] for p in searchable} <= linked:
        raise AssertionError(
            f"{len(searchable)} of {accounts} account pages in the search index; "
            f"{len(linked & {p.split('/')[1] for p in searchable})} linked from the directory"
        )
    first = sorted(searchable)[0]
    return (site / first / "index.html").stat().st_size


def table(results: list[dict[str, Any]], markdown: bool = False) -> str:
    """The results as a table (plain text or Markdown)."""
    served = any("serve" in r for r in results)
    header = ["accounts", "pages", "generate", "plugin build", "plain build", "ratio",
              "ratio (CPU)", "check", *(["serve rebuild"] if served else []),
              "peak MiB plugin / plain", "ms per account", "KB per account page"]
    rows = []
    for r in results:
        s = {k: as_sample(r[k]) for k in ("generate", "plugin", "plain", "check")}
        row = [
            f"{r['accounts']:,}", f"{r['pages']:,}",
            cell(s["generate"]), cell(s["plugin"]), cell(s["plain"]),
            f"{s['plugin'].median() / s['plain'].median():.2f}",
            f"{s['plugin'].cpu_median() / s['plain'].cpu_median():.2f}",
            cell(s["check"]),
            f"{s['plugin'].peak():.0f} / {s['plain'].peak():.0f}",
            f"{s['plugin'].median() / r['accounts'] * 1000:.0f}",
            f"{r['account_page_kb']:.1f}",
        ]
        if served:
            row.insert(8, cell(as_sample(r["serve"])) if "serve" in r else "–")
        rows.append(row)
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(x) for x in col) for col in zip(header, *rows, strict=True)]
    return "\n".join(
        "  ".join(x.rjust(w) for x, w in zip(row, widths, strict=True)) for row in [header, *rows]
    )


def as_sample(entry: dict[str, Any]) -> Sample:
    """A :class:`Sample` back from its JSON form."""
    return Sample(entry["seconds"], entry.get("cpu", []), entry.get("mib", []))


def cell(sample: Sample) -> str:
    """'1.23 s ±4%': median and half the range."""
    return f"{sample.median():.2f} s ±{sample.spread() * 100:.0f}%"


def slopes(results: list[dict[str, Any]]) -> list[str]:
    """Targets that compare sizes: per-account time 1,000 vs 100, memory per account."""
    by_size = {r["accounts"]: r for r in results}
    notes = []
    if 100 in by_size and 1000 in by_size:
        per = {n: statistics.median(by_size[n]["plugin"]["seconds"]) / n for n in (100, 1000)}
        notes.append(f"build time per account, 1,000 vs 100 accounts: "
                     f"{per[1000] * 1000:.1f} ms vs {per[100] * 1000:.1f} ms "
                     f"(x{per[1000] / per[100]:.2f}; target at most x1.5)")
    if len(by_size) >= 2:
        sizes = sorted(by_size)
        for kind in ("plugin", "plain"):
            xs = sizes
            ys = [statistics.median(by_size[n][kind]["mib"]) for n in xs]
            slope, intercept = fit(xs, ys)
            worst = max(abs(y - (intercept + slope * x)) for x, y in zip(xs, ys, strict=True))
            notes.append(f"peak memory, {kind}: {intercept:.0f} MiB + {slope * 1024:.0f} KiB per "
                         f"account (least squares; largest deviation {worst:.1f} MiB)")
    return notes


def fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least-squares line: (slope, intercept)."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0
    return slope, my - slope * mx


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100,1000",
                        help="numbers of accounts, comma-separated (default: 1,10,100,1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default: 5)")
    parser.add_argument("--serve", action=argparse.BooleanOptionalAction, default=True,
                        help="also time rebuilds during mkdocs serve (default: on)")
    parser.add_argument("--workdir", type=Path, help="keep the generated projects here")
    parser.add_argument("--json", type=Path, help="write the raw results to this file")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 1 or args.runs < 1:
        parser.error("sizes and runs must be positive")

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    info = machine()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="playbook-bench-"))
    installed_like(workdir)
    try:
        results = [bench_size(n, args.runs, workdir, args.serve, log) for n in sizes]
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    report = {"machine": info, "runs": args.runs, "results": results}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(", ".join(f"{k}: {v}" for k, v in info.items()))
    print(table(results, markdown=args.markdown))
    for note in slopes(results):
        print(note)
    for r in results:
        if r["plugin_warnings"]:
            print(f"note: the plugin build of {r['accounts']} accounts logged "
                  f"{r['plugin_warnings']} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
