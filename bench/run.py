"""The benchmark: how fast `tracker` is on the bundled data and on large synthetic data.

    python bench/run.py                   # every part; makes the corpora on first use
    python bench/run.py --quick           # a smaller load corpus, fewer repetitions
    python bench/run.py --parts startup,compare --reps 5

Parts (see bench/README.md for what each measures and why):
  startup  `tracker validate` and `tracker diff` on the bundled data, whole process
  load     load + validate of a 20-round x 10-party x 500-position corpus
  compare  two 5,000-position rounds compared, and a timeline of every round
  scale    whole commands on the large corpus: diff of two rounds (against the same diff in a
           2-round corpus), validate and timeline (against parsing the same files)
  app      the Textual app, headless: first screen, and keystroke -> filtered table
  memory   peak memory while loading the large corpus
  hostile  `tracker validate` on files made to be slow (300,000 unknown keys, ...): under 5 s

Every result is the median of several repetitions with its spread (min-max), shown as a ratio
to a floor measured in the same run, interleaved with it so a busy machine slows both alike.
Each measurement runs in a fresh process (`--probe`), so no run inherits another's caches.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # for the app probes' first screen: before tracker or textual loads

import argparse  # noqa: E402 - after the clock starts
import atexit
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

PARTS = ("startup", "load", "compare", "scale", "app", "memory", "hostile")
FLOOR_IMPORTS = "import yaml, pydantic, rich"
# The least any tool validating with a pydantic model pays: one model, one validation.
ONE_MODEL = "import yaml, rich\nfrom pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)\n"
SEED = 1


@dataclass(frozen=True)
class Sizes:
    """How much work each part does: the documented run, or --quick."""

    process_reps: int = 20
    load_reps: int = 3
    compare_reps: int = 15
    timeline_reps: int = 5
    app_reps: int = 5
    keystrokes: int = 53  # len(TYPED): type a query, delete it, type another
    corpus: tuple[int, int, int] = (20, 10, 500)  # rounds, parties, positions per party per round
    app_corpus: tuple[int, int, int] = (1, 10, 1000)  # one round of 10,000 positions (+ agreements), files within the loader's limits
    scale_reps: int = 3


FULL = Sizes()
QUICK = Sizes(process_reps=7, load_reps=2, compare_reps=7, timeline_reps=3, app_reps=2, corpus=(3, 10, 500), scale_reps=2)


@dataclass
class Result:
    part: str
    name: str
    unit: str  # "s", "ms" or "MB"
    samples: list[float]
    floor: list[float] = field(default_factory=list)
    floor_name: str = ""
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def ratio(self) -> float | None:
        return self.median / statistics.median(self.floor) if self.floor else None

    def p95(self) -> float:
        return percentile(self.samples, 95)


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear interpolation between the closest ranks; fine for tens of samples."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * pct / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- running things -------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TRACKER_DATA", "TRACKER_KEYS", "TRACKER_DEBUG")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    # Every measurement loads for real; the load cache (tracker.cache) is measured on its own.
    env["TRACKER_NO_CACHE"] = "1"
    return env


_warm_cache_dir: Path | None = None


def _warm_env() -> dict[str, str]:
    """The environment of a run with the load cache on, in a folder of its own for this run."""
    global _warm_cache_dir
    if _warm_cache_dir is None:
        _warm_cache_dir = Path(tempfile.mkdtemp(prefix="tracker-bench-cache-"))
        atexit.register(shutil.rmtree, _warm_cache_dir, True)
    env = _env()
    del env["TRACKER_NO_CACHE"]
    env["TRACKER_CACHE_DIR"] = str(_warm_cache_dir)
    return env


def tracker_command() -> list[str]:
    """The `tracker` script users run, beside this interpreter; else `python -m tracker`."""
    script = Path(sys.executable).parent / ("tracker.exe" if os.name == "nt" else "tracker")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "tracker"]


def time_process(
    argv: Sequence[str], cwd: Path, warm_cache: bool = False, extra_env: dict[str, str] | None = None
) -> tuple[float, subprocess.CompletedProcess]:
    env = {**(_warm_env() if warm_cache else _env()), **(extra_env or {})}
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(list(argv), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=1800)
    seconds = time.perf_counter() - started
    cpu_seconds.append(_children_cpu() - cpu)
    return seconds, done


cpu_seconds: list[float] = []
"""The CPU time (user + system) of each process time_process ran, in order: on a machine shared
with other work a process waits for a core, which its wall time counts and its CPU time does not."""


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def probe(kind: str, *args: str, timeout: float = 1800, warm_cache: bool = False) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; it prints its result as one JSON line."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--probe", kind, *args],
        env=_warm_env() if warm_cache else _env(), capture_output=True, text=True, timeout=timeout,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"probe {kind} failed ({done.returncode}): {done.stderr.strip()[-800:]}")
    return json.loads(lines[-1])


def interleaved(reps: int, runs: dict[str, Callable[[], float]]) -> dict[str, list[float]]:
    """Each repetition runs every measurement once, in a rotating order."""
    names = list(runs)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(reps):
        for name in names[rep % len(names):] + names[: rep % len(names)]:
            samples[name].append(runs[name]())
    return samples


def corpus(cache: Path, rounds: int, parties: int, positions: int, log: Callable[[str], None] = print) -> Path:
    """The corpus with these sizes, made once and kept in the cache folder."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    from make_corpus import make_corpus, stamp_matches

    out = cache / f"corpus-r{rounds}-p{parties}-n{positions}-s{SEED}"
    if not stamp_matches(out, rounds, parties, positions, SEED):
        log(f"making {out} ...")
        make_corpus(out, rounds, parties, positions, SEED)
    return out


def corpus_stamp(root: Path) -> dict[str, Any]:
    """The arguments and statistics make_corpus recorded in the corpus."""
    return json.loads((root / ".corpus.json").read_text(encoding="utf-8"))


def corpus_label(root: Path) -> str:
    stamp = corpus_stamp(root)
    stats = stamp["stats"]
    return (
        f"{stamp['rounds']} rounds x {stamp['parties']} parties x {stamp['positions']:,} positions "
        f"({stats['positions']:,} positions, {stats['bytes'] / 1e6:.0f} MB)"
    )


# --- the parts --------------------------------------------------------------------------------


def measure_startup(reps: int, data: Path) -> list[Result]:
    """(a) Whole processes on the bundled data against starting Python with the libraries."""
    cwd = REPO
    tracker = tracker_command()
    commands = {"validate": [*tracker, "--data", str(data), "validate"], "diff": [*tracker, "--data", str(data), "diff", "--format", "brief"]}
    results, runs, notes = [], {}, {}
    for name, argv in commands.items():
        _, done = time_process(argv, cwd)  # warm-up: the page cache
        if done.returncode == 2 and "invalid choice" in done.stderr:
            results.append(Result("startup", f"tracker {name}", "ms", [], note=f"skipped: `tracker {name}` not available"))
            continue
        notes[name] = "" if done.returncode == 0 else f"exit code {done.returncode}: the data has problems"
        runs[name] = lambda argv=argv: time_process(argv, cwd)[0] * 1000
        time_process(argv, cwd, warm_cache=True)  # fills the load cache
        runs[f"{name} warm"] = lambda argv=argv: time_process(argv, cwd, warm_cache=True)[0] * 1000
        notes[f"{name} warm"] = "cache warm: the same command already run on the same, unchanged data (pre-commit, scripts)"
    if "diff" in runs:
        # Another terminal width each run: the output is not kept under that key, the load is.
        widths = iter(range(81, 100_000))
        runs["diff other"] = lambda argv=commands["diff"]: time_process(argv, cwd, warm_cache=True, extra_env={"COLUMNS": str(next(widths))})[0] * 1000
        notes["diff other"] = "load cache warm, output not kept (another terminal width each run): the dataset read from the load cache"
    time_process([sys.executable, "-c", FLOOR_IMPORTS], cwd)
    runs["floor"] = lambda: time_process([sys.executable, "-c", FLOOR_IMPORTS], cwd)[0] * 1000
    runs["one model"] = lambda: time_process([sys.executable, "-c", ONE_MODEL], cwd)[0] * 1000
    cpu: dict[str, list[float]] = {name: [] for name in runs}

    def with_cpu(name: str, run: Callable[[], float]) -> Callable[[], float]:
        def timed() -> float:
            wall = run()
            cpu[name].append(cpu_seconds[-1])
            return wall

        return timed

    samples = interleaved(reps, {name: with_cpu(name, run) for name, run in runs.items()})

    def cpu_ratio(name: str) -> str:
        return f"CPU time {statistics.median(cpu[name]) / statistics.median(cpu['floor']):.2f}x the floor's"

    labels = {"validate": "validate, cold (no cache)", "validate warm": "validate, cache warm", "diff": "diff --format brief, cold (no cache)",
              "diff warm": "diff --format brief, answer replayed (cache warm)", "diff other": "diff --format brief, load cached, output not"}
    for name, label in labels.items():
        if name in samples:
            ratio = statistics.median(samples[name]) / statistics.median(samples["floor"])
            goal = 1.2 if name == "diff warm" else 1.5
            results.append(Result(
                "startup", f"tracker {label}, bundled data, whole process", "ms", samples[name], samples["floor"],
                f'python -c "{FLOOR_IMPORTS}"', f"<= {goal}x floor", ratio <= goal, "; ".join(filter(None, [cpu_ratio(name), notes[name]])),
            ))
    results.append(Result(
        "startup", "reference: a script validating one pydantic model", "ms", samples["one model"], samples["floor"],
        f'python -c "{FLOOR_IMPORTS}"', note=f"{cpu_ratio('one model')}; class A(BaseModel): x: int; A(x=1), with yaml and rich imported",
    ))
    return results


# Where `tracker validate`'s time goes, stage by stage, in a fresh interpreter importing only that.
STAGES = (
    ("argparse and pathlib", "import argparse, pathlib"),
    ("yaml (in the floor)", "import yaml"),
    ("pydantic as the floor imports it", "import pydantic, rich"),
    ("the model's plain classes (tracker.model)", "import tracker.model"),
    ("the YAML reader and the loader", "import tracker.loader"),
    ("the CLI and the validate command", "import tracker.cli, tracker.commands.validate"),
    ("the validators, from the kept core schema", "[c._validator() for c in (tracker.model.PartiesFile, tracker.model.TopicsFile, tracker.model.SourcesFile, tracker.model.Round, tracker.model.PartyRoundFile)]"),
    ("loading the bundled data", "tracker.loader.load_dataset(DATA)"),
)


# Files made to cost time, each put in place of one party file of the bundled data. The promise
# (docs/security.md): each ends in a clear message and a non-zero exit in under 5 seconds.
_POSITION = "    topic: ceasefire\n"
HOSTILE: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("300,000 unknown keys in one position", lambda t: t.replace(_POSITION, _POSITION + "".join(f"    k{i}: 1\n" for i in range(300_000)), 1)),
    ("60,000 unknown keys (under 1 MiB)", lambda t: t.replace(_POSITION, _POSITION + "".join(f"    k{i}: 1\n" for i in range(60_000)), 1)),
    ("49,000 unknown keys, each one a problem", lambda t: t.replace(_POSITION, _POSITION + "".join(f"    k{i}: 1\n" for i in range(49_000)), 1)),
    ("a list of 300,000 items on one line", lambda t: t + "junk: [" + ",".join("1" for _ in range(300_000)) + "]\n"),
    ("2,300 positions of 20 unknown keys", lambda t: t.replace("positions:\n", "positions:\n" + "".join(
        f"  - {{id: z{i}, topic: ceasefire, " + ", ".join(f"u{j}: 1" for j in range(20)) + "}\n" for i in range(2_300)), 1)),
)


def hostile_copies(data: Path, work: Path) -> dict[str, Path]:
    """A copy of the bundled data for each hostile case, one party file replaced: the latest
    holding a position on the topic the cases add to. Each copy lies beside a copy of the data's
    source catalogue, as the bundled data lies beside seeds/, so the copy as it was is valid and
    the hostile file is the only problem."""
    from tracker.paths import find_sources_file

    party_file = [p for p in sorted(data.glob("rounds/*/russia.yaml")) if _POSITION in p.read_text(encoding="utf-8")][-1]
    catalogue = find_sources_file(data)
    copies: dict[str, Path] = {}
    for index, (name, make) in enumerate(HOSTILE):
        copy = work / str(index) / data.name
        shutil.copytree(data, copy)
        if catalogue is not None and not catalogue.is_relative_to(data):
            (copy.parent / "seeds").mkdir()
            shutil.copyfile(catalogue, copy.parent / "seeds" / "sources.yaml")
        target = copy / party_file.relative_to(data)
        text = party_file.read_text(encoding="utf-8")
        made = make(text)
        if made == text:
            raise SystemExit(f"hostile case {name!r}: {party_file} has nothing to change")
        target.write_text(made, encoding="utf-8")
        copies[name] = target
    return copies


def measure_hostile(reps: int, data: Path) -> list[Result]:
    """(f) `tracker validate`, cold, on the bundled data with one party file made hostile, against
    the same command on the bundled data as it is."""
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-hostile-"))
    atexit.register(shutil.rmtree, work, True)
    tracker = tracker_command()
    runs: dict[str, Callable[[], float]] = {}
    sizes: dict[str, str] = {}
    for name, target in hostile_copies(data, work).items():
        copy = target.parents[2]
        sizes[name] = f"{target.stat().st_size / 1e6:.1f} MB"
        runs[name] = lambda name=name, argv=[*tracker, "--data", str(copy), "validate"]: _refused(name, *time_process(argv, REPO))
    runs["floor"] = lambda: time_process([*tracker, "--data", str(data), "validate"], REPO)[0] * 1000
    samples = interleaved(reps, runs)
    return [
        Result("hostile", f"tracker validate, {name} ({sizes[name]})", "ms", samples[name], samples["floor"],
               "tracker validate, bundled data, cold", "< 5 s", max(samples[name]) < 5000)
        for name, _ in HOSTILE
    ]


def _refused(name: str, seconds: float, done: subprocess.CompletedProcess) -> float:
    if done.returncode != 1:
        raise SystemExit(f"hostile case {name!r}: exit {done.returncode}, expected 1 (problems found)")
    return seconds * 1000


def measure_startup_stages(reps: int, data: Path) -> list[Result]:
    code = "import time\nDATA = {data!r}\nt = [time.perf_counter()]\n".format(data=str(data))
    code += "".join(f"{statement}\nt.append(time.perf_counter())\n" for _, statement in STAGES)
    code += "print(*[(b - a) * 1000 for a, b in zip(t, t[1:])])\n"
    samples: list[list[float]] = [[] for _ in STAGES]
    empty: list[float] = []
    for _ in range(reps):
        empty.append(time_process([sys.executable, "-c", "pass"], REPO)[0] * 1000)
        done = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True, timeout=120, check=True)
        for stage, value in zip(samples, done.stdout.split()):
            stage.append(float(value))
    rows = [Result("startup", "  of which: python starting, no imports (python -c pass)", "ms", empty)]
    rows += [Result("startup", f"  of which: {name}", "ms", values) for (name, _), values in zip(STAGES, samples)]
    return rows


def measure_load(reps: int, root: Path) -> tuple[list[Result], list[dict[str, Any]]]:
    """(b) load_dataset (plus the collection it defers) against yaml.load of the same files."""
    loads: list[dict[str, Any]] = []

    def load() -> float:
        loads.append(probe("load", str(root)))
        return loads[-1]["seconds"]

    samples = interleaved(reps, {
        "load": load,
        "floor": lambda: probe("parse", str(root))["seconds"],
        "floor-gc-paused": lambda: probe("parse", str(root), "gc-paused")["seconds"],
    })
    label = corpus_label(root)
    results = []
    floors = (
        ("floor", "", "yaml.load(..., CSafeLoader) of every file"),
        ("floor-gc-paused", " (floor: GC paused too)", "yaml.load of every file with the GC paused, as the loader pauses it"),
    )
    for floor, suffix, floor_name in floors:
        ratio = statistics.median(samples["load"]) / statistics.median(samples[floor])
        results.append(Result(
            "load", f"load + validate, {label}{suffix}", "s", samples["load"], samples[floor], floor_name, "<= 1.5x floor", ratio <= 1.5,
        ))
    return results, loads


def measure_memory(root: Path, loads: list[dict[str, Any]], reps: int) -> list[Result]:
    """(e) Peak RSS while loading, against keeping every file's yaml.load result in memory."""
    if not loads:
        loads = [probe("load", str(root)) for _ in range(reps)]
    floor = [probe("parse", str(root), "keep")["peak_mb"] for _ in range(max(1, min(reps, 2)))]
    imports = statistics.median(load["start_mb"] for load in loads)
    peaks = [load["peak_mb"] for load in loads]
    return [Result(
        "memory", f"peak RSS, load of {corpus_label(root)}", "MB", peaks, floor,
        "yaml.load of every file, results kept", "<= 1.3x floor", statistics.median(peaks) <= 1.3 * statistics.median(floor),
        note=f"{imports:.0f} MB of it is the interpreter and imports",
    )]


def measure_compare(root: Path, reps: int, timeline_reps: int) -> list[Result]:
    """(c) compare_rounds of the last two rounds, and build_timeline over every round."""
    out = probe("compare", str(root), str(reps), str(timeline_reps))
    return [
        Result(
            "compare", f"compare_rounds, two rounds of {out['sizes'][0]:,} and {out['sizes'][1]:,} positions", "ms",
            out["compare"], out["compare_floor"], "pairing the positions by key", "< 50 ms", statistics.median(out["compare"]) < 50,
            note=f"p95 {percentile(out['compare'], 95):.1f} ms; {_cpu_note(out['cpu'], 'compare')}; {out['summary']}",
        ),
        Result(
            "compare", f"build_timeline, {out['rounds']} rounds, {out['rows']:,} rows", "ms", out["timeline"], out["timeline_floor"],
            "pairing by key, round after round", "< 300 ms", statistics.median(out["timeline"]) < 300, note=_cpu_note(out["cpu"], "timeline"),
        ),
    ]


def _cpu_note(cpu: dict[str, float], name: str) -> str:
    return f"CPU time {cpu[name]:.1f} ms, the floor's {cpu[name + '_floor']:.1f} ms ({cpu[name] / cpu[name + '_floor']:.2f}x)"


def measure_scale(big: Path, two_rounds: Path, reps: int) -> list[Result]:
    """Whole commands, cold, on the large corpus: what grows with the data directory and what
    grows with what is compared. A diff of two rounds against the same diff in a corpus of only
    those two rounds' size; validate and timeline against parsing every file of the corpus."""
    tracker = tracker_command()

    def command(root: Path, *argv: str) -> Callable[[], float]:
        def run() -> float:
            seconds, done = time_process([*tracker, "--data", str(root), *argv], REPO)
            if done.returncode != 0:
                raise SystemExit(f"tracker {' '.join(argv)} on {root}: exit {done.returncode}: {done.stderr[-400:]}")
            return seconds

        return run

    samples = interleaved(reps, {
        "diff": command(big, "diff", "--format", "brief"),
        "diff small": command(two_rounds, "diff", "--format", "brief"),
        "validate": command(big, "validate"),
        "timeline": command(big, "timeline"),
        "parse": lambda: probe("parse", str(big))["seconds"],
    })
    label, small = corpus_label(big), corpus_label(two_rounds)

    def row(name: str, title: str, floor: str, floor_name: str, goal: float) -> Result:
        ratio = statistics.median(samples[name]) / statistics.median(samples[floor])
        return Result("scale", title, "s", samples[name], samples[floor], floor_name, f"<= {goal}x floor", ratio <= goal)

    return [
        row("diff", f"tracker diff --format brief, two latest rounds, {label}", "diff small", f"the same diff in {small}", 2.0),
        row("validate", f"tracker validate, {label}", "parse", "yaml.load(..., CSafeLoader) of every file (no interpreter start)", 1.5),
        row("timeline", f"tracker timeline, {label}", "parse", "yaml.load(..., CSafeLoader) of every file (no interpreter start)", 1.2),
    ]


def measure_app(bundled: Path, large: Path, reps: int, keystrokes: int = 53) -> list[Result]:
    """(d) The app, headless (App.run_test): first screen, and keystroke -> filtered table."""
    if not app_available():
        return [Result("app", "the app", "ms", [], note="skipped: app not available")]
    results = []
    big = f"a round of {corpus_stamp(large)['stats']['positions']:,} positions"
    probe("app-first-screen", str(large), warm_cache=True)  # fills the load cache for the warm rows
    for label, root, warm in (("bundled data", bundled, False), (big, large, False), (big + ", load cache warm", large, True)):
        samples = interleaved(reps, {
            "app": lambda root=root, warm=warm: probe("app-first-screen", str(root), warm_cache=warm)["seconds"] * 1000,
            "floor": lambda: probe("app-floor")["seconds"] * 1000,
        })
        goal = (500 if warm else 1500) if root == large else None
        results.append(Result(
            "app", f"first screen with the positions, {label}", "ms", samples["app"], samples["floor"],
            "an empty Textual app's first screen", f"< {goal} ms" if goal else "", None if goal is None else statistics.median(samples["app"]) < goal,
            note="process start to rows drawn, imports and loading included",
        ))
    keys = probe("app-keystrokes", str(large), str(keystrokes))
    results.append(Result(
        "app", f"keystroke in search -> filtered table of {keys['rows']:,} rows", "ms", keys["latencies"], keys["floor"],
        "keystroke -> Input.Changed in an empty app", "p95 < 50 ms", percentile(keys["latencies"], 95) < 50,
        note=f"p95 {percentile(keys['latencies'], 95):.1f} ms, max {max(keys['latencies']):.1f} ms over {len(keys['latencies'])} keystrokes",
    ))
    return results


# --- probes: each runs in a fresh interpreter and returns JSON-ready data ---------------------

TYPED = [*"prisoners of war", *["backspace"] * 16, *"energy infrastructure"]


def run_probe(kind: str, args: list[str]) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    probes: dict[str, Callable[..., dict[str, Any]]] = {
        "load": probe_load,
        "parse": probe_parse,
        "compare": probe_compare,
        "app-first-screen": probe_app_first_screen,
        "app-floor": probe_app_floor,
        "app-keystrokes": probe_app_keystrokes,
    }
    return probes[kind](*args)


def _peak_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere


def data_files(root: Path) -> list[Path]:
    """The files load_dataset reads: the catalogues and every round's files."""
    files = [root / name for name in ("parties.yaml", "topics.yaml", "sources.yaml") if (root / name).is_file()]
    return files + sorted(p for p in Path(root).glob("rounds/*/*.y*ml") if not p.name.startswith("."))


def probe_load(root: str) -> dict[str, Any]:
    import gc

    from tracker.loader import load_dataset

    start_mb = _peak_mb()
    gc.collect()
    started = time.perf_counter()
    dataset = load_dataset(Path(root))
    # load_dataset pauses the collector and leaves one full collection to come: count it here.
    gc.collect()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": _peak_mb(), "start_mb": start_mb, "positions": dataset.count_positions()}


def probe_parse(root: str, *options: str) -> dict[str, Any]:
    """The floor of (b): yaml.load with the C loader, file by file, as a plain script would."""
    import gc

    import yaml

    files = data_files(Path(root))
    kept = []
    gc.collect()
    started = time.perf_counter()
    if "gc-paused" in options:
        gc.disable()
    for path in files:
        value = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if "keep" in options:
            kept.append(value)
    gc.enable()
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "files": len(files)}


def _matched_by_key(old: Sequence[Any], new: Sequence[Any]) -> list[Any]:
    """The floor of (c): pair the positions by key, which any comparison must do, and no more."""
    before = {p.key: p for p in old}
    return [before.get(p.key) for p in new]


def probe_compare(root: str, reps: str, timeline_reps: str) -> dict[str, Any]:
    import gc

    from tracker.diff import compare_rounds
    from tracker.loader import load_dataset
    from tracker.timeline import build_timeline

    dataset = load_dataset(Path(root))
    gc.collect()
    ids = list(dataset.rounds)
    first, last = ids[-2], ids[-1]
    old, new = dataset.rounds[first].positions, dataset.rounds[last].positions
    summary = compare_rounds(dataset, first, last).summary()  # and a warm-up

    cpu: dict[str, list[float]] = {"compare": [], "compare_floor": [], "timeline": [], "timeline_floor": []}

    def timed(fn: Callable[[], Any], name: str) -> Callable[[], float]:
        """Wall time in ms; the CPU time too (a process waiting for a core counts in the first only)."""
        def run() -> float:
            started, cpu_started = time.perf_counter(), time.process_time()
            fn()
            cpu[name].append((time.process_time() - cpu_started) * 1000)
            return (time.perf_counter() - started) * 1000
        return run

    compare = interleaved(int(reps), {
        "compare": timed(lambda: compare_rounds(dataset, first, last), "compare"),
        "floor": timed(lambda: _matched_by_key(old, new), "compare_floor"),
    })
    rounds = [data.positions for data in dataset.rounds.values()]

    def unindexed(run: Callable[[], float]) -> Callable[[], float]:
        """Each build as `tracker timeline` makes its one: no round indexed by key yet (by the
        comparison above or an earlier build), as the floor pairs its rounds afresh each time."""
        def afresh() -> float:
            for data in dataset.rounds.values():
                data.key_index = data.key_set = None
            return run()
        return afresh

    timeline = interleaved(int(timeline_reps), {
        "timeline": unindexed(timed(lambda: build_timeline(dataset), "timeline")),
        "floor": timed(lambda: [_matched_by_key(a, b) for a, b in zip(rounds, rounds[1:])], "timeline_floor"),
    })
    return {
        "compare": compare["compare"], "compare_floor": compare["floor"], "timeline": timeline["timeline"],
        "timeline_floor": timeline["floor"], "cpu": {name: statistics.median(values) for name, values in cpu.items()},
        "sizes": [len(old), len(new)], "rounds": len(ids),
        "rows": len(build_timeline(dataset).rows), "summary": ", ".join(f"{n:,} {k}" for k, n in summary.items()),
    }


def app_available() -> bool:
    """Whether this checkout has the app (without importing Textual here)."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("textual", "tracker.app"))


async def _until(condition: Callable[[], bool], app: Any, timeout: float = 600) -> None:
    import asyncio

    deadline = time.perf_counter() + timeout
    while not condition():
        if getattr(app, "problems", None):
            raise RuntimeError(f"the app reports problems in the data: {app.problems[0]}")
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not show the positions in time")
        await asyncio.sleep(0.001)


def _positions_table(app: Any) -> Any:
    from tracker.app.widgets.virtual_table import VirtualTable

    tables = app.screen.query("#positions").results(VirtualTable)
    return next(iter(tables), None)


async def _first_screen(app: Any, pilot: Any) -> Any:
    """Wait for the positions on screen (loaded in the app's worker), then draw the visible rows."""

    def shown() -> bool:
        table = _positions_table(app)
        return app.dataset is not None and table is not None and table.row_count > 0

    await _until(shown, app)
    table = _positions_table(app)
    for y in range(table.size.height):
        table.render_line(y)
    return table


def probe_app_first_screen(root: str) -> dict[str, Any]:
    import asyncio

    from tracker.app import TrackerApp

    async def main() -> float:
        app = TrackerApp(Path(root))
        async with app.run_test(size=(160, 48)) as pilot:
            await _first_screen(app, pilot)
            return time.perf_counter() - _STARTED

    return {"seconds": asyncio.run(main())}


def probe_app_floor() -> dict[str, Any]:
    """An empty Textual app's first screen: the floor of the app's first screen."""
    import asyncio

    from textual.app import App
    from textual.widgets import Static

    class Empty(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("ready")

    async def main() -> float:
        async with Empty().run_test(size=(160, 48)):
            return time.perf_counter() - _STARTED

    return {"seconds": asyncio.run(main())}


def _key(name: str) -> Any:
    from textual import events

    if name == "backspace":
        return events.Key("backspace", None)
    return events.Key("space", " ") if name == " " else events.Key(name, name)


def _typed_values() -> list[str]:
    values, text = [], ""
    for name in TYPED:
        text = text[:-1] if name == "backspace" else text + name
        values.append(text)
    return values


async def _type(app: Any, keys: int, applied: Callable[[str], bool], after: Callable[[], None]) -> list[float]:
    """Each key as the terminal delivers it, at a fast typist's pace; ms until `applied`."""
    import asyncio

    latencies = []
    for name, value in list(zip(TYPED, _typed_values()))[:keys]:
        await asyncio.sleep(0.08)
        started = time.perf_counter()
        app.post_message(_key(name))
        await _until(lambda value=value: applied(value), app, timeout=30)
        after()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def probe_app_keystrokes(root: str, keys: str) -> dict[str, Any]:
    import asyncio

    from textual.app import App
    from textual.widgets import Input

    from tracker.app import TrackerApp

    async def app_latencies() -> tuple[list[float], int]:
        app = TrackerApp(Path(root))
        async with app.run_test(size=(160, 48)) as pilot:
            table = await _first_screen(app, pilot)
            rows = table.row_count
            await pilot.press("slash")
            await pilot.pause()

            def draw() -> None:  # the rows now on screen
                for y in range(table.size.height):
                    table.render_line(y)

            return await _type(app, int(keys), lambda value: app.screen.criteria.query == value, draw), rows

    class Echo(App[None]):
        seen = ""

        def compose(self):  # type: ignore[no-untyped-def]
            yield Input()

        def on_input_changed(self, event: Input.Changed) -> None:
            self.seen = event.value

    async def floor_latencies() -> list[float]:
        app = Echo()
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            return await _type(app, int(keys), lambda value: app.seen == value, lambda: None)

    latencies, rows = asyncio.run(app_latencies())
    return {"latencies": latencies, "rows": rows, "floor": asyncio.run(floor_latencies())}


# --- report -----------------------------------------------------------------------------------


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:.1f} ms" if value < 100 else f"{value:,.0f} ms"


def table(results: Sequence[Result]) -> str:
    header = ("part", "measurement", "n", "median", "spread (min-max)", "floor (median)", "ratio", "target", "result")
    rows = [header]
    for r in results:
        if not r.samples:
            rows.append((r.part, r.name, "0", "", "", "", "", r.target, r.note))
            continue
        spread = f"{_fmt(min(r.samples), r.unit)} - {_fmt(max(r.samples), r.unit)}"
        floor = _fmt(statistics.median(r.floor), r.unit) if r.floor else ""
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        verdict = "" if r.passed is None else ("PASS" if r.passed else "FAIL")
        rows.append((r.part, r.name, str(len(r.samples)), _fmt(r.median, r.unit), spread, floor, ratio, r.target or "-", verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {r.part}: {r.name}: floor = {r.floor_name}" + (f"; {r.note}" if r.note else "") for r in results if r.samples and (r.floor_name or r.note)]
    return "\n".join(lines + ([""] + notes if notes else []))


def machine() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return (
        f"{platform.python_implementation()} {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {load[0]:.2f}" if load[0] != "?" else f"{platform.python_version()}, {os.cpu_count()} CPUs"
    )


def run(parts: Sequence[str], sizes: Sizes, cache: Path, log: Callable[[str], None] = print) -> list[Result]:
    from tracker.loader import bundled_data_dir

    bundled = bundled_data_dir()
    # As pip installs it: the package byte-compiled, like the libraries the floors import. (Where
    # PYTHONDONTWRITEBYTECODE is set, every process would otherwise compile it from source.)
    compileall.compile_dir(REPO / "tracker", quiet=1)
    results: list[Result] = []
    loads: list[dict[str, Any]] = []
    big = corpus(cache, *sizes.corpus, log=log) if {"load", "compare", "scale", "memory"} & set(parts) else None
    if "startup" in parts:
        log("startup ...")
        results += measure_startup(sizes.process_reps, bundled)
        results += measure_startup_stages(max(1, sizes.process_reps // 2), bundled)
    if "load" in parts:
        log("load ...")
        found, loads = measure_load(sizes.load_reps, big)  # type: ignore[arg-type]
        results += found
    if "compare" in parts:
        log("compare ...")
        results += measure_compare(big, sizes.compare_reps, sizes.timeline_reps)  # type: ignore[arg-type]
    if "scale" in parts:
        log("scale ...")
        rounds, parties, positions = sizes.corpus
        results += measure_scale(big, corpus(cache, 2, parties, positions, log=log), sizes.scale_reps)  # type: ignore[arg-type]
    if "app" in parts:
        log("app ...")
        results += measure_app(bundled, corpus(cache, *sizes.app_corpus, log=log), sizes.app_reps, sizes.keystrokes)
    if "memory" in parts:
        log("memory ...")
        results += measure_memory(big, loads, sizes.load_reps)  # type: ignore[arg-type]
    if "hostile" in parts:
        log("hostile ...")
        results += measure_hostile(sizes.app_reps, bundled)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a 3-round load corpus and fewer repetitions (about 1.5 minutes)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, from {', '.join(PARTS)} (default: all)")
    parser.add_argument("--reps", type=int, help="repetitions for every part (overrides the defaults)")
    parser.add_argument("--cache", type=Path, default=BENCH / "out", help="where corpora are made and kept (default bench/out)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--probe", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(run_probe(args.probe[0], args.probe[1:])))
        return 0
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    sizes = QUICK if args.quick else FULL
    if args.reps:
        n = args.reps
        sizes = Sizes(n, n, n, n, n, sizes.keystrokes, sizes.corpus, sizes.app_corpus, n)
    started = time.perf_counter()
    print(f"tracker benchmark{' (quick)' if args.quick else ''}: {machine()}", flush=True)
    results = run(parts, sizes, args.cache, log=lambda m: print(m, file=sys.stderr, flush=True))
    print()
    print(table(results))
    print(f"\n{time.perf_counter() - started:.0f} s; {machine()}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n", encoding="utf-8")
    return 0 if all(r.passed is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
