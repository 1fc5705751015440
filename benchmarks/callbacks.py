"""What watching a fit costs: the overhead of the observer seam and callbacks.

Measures the time of ``fit`` (``time.perf_counter`` around ``fit`` only) in
three comparisons, each a ratio B / A against a bar:

1. no callbacks, this code (B) against the code before the fit was
   observable (A, commit ``d054435``): bar 1.02;
2. scikit-learn's ``ProgressBar()`` set (B) against no callbacks (A), both
   this code: bar 1.2;
3. ``ScoringMonitor`` with a held-out accuracy scorer (B) against no
   callbacks (A), both this code: bar 1.5;

on three tasks: "digits default" (``make_pipeline(StandardScaler(),
HillClimbMLPClassifier(random_state=seed))`` on ``load_digits``, 80/20 split,
the default hillclimb solver, about 2-3 s a fit), "tutorial default"
(``HillClimbMLPClassifier(random_state=seed)`` on the tutorial's
``make_classification`` data and 67/33 split, the defaults panel's row of
``benchmarks/defaults.py``, about 1 s a fit) and "tutorial MLP, 1000 it"
(case 1 of ``benchmarks/run.py``: the 5-10-1 logistic network, 670 rows,
1000 iterations, about 36 ms a fit, so each timed sample is the sum of
``--repeat`` fits). On a fit that short, the fixed cost of scikit-learn's
``ProgressBar`` (a thread and a listener per fit) and the 100 scorings of
a ``ScoringMonitor`` (one per block) weigh far more than on the others.

The "before" package is extracted at run time from git (``git archive
d054435 sk_hillclimb``) into a temporary folder and imported as
``sk_hillclimb_before``, so A and B run interleaved in one process. BLAS is
pinned to one thread; each comparison runs A and B once to warm up, then
``--pairs`` pairs (A B, B A, A B, ...: the order alternates); the ratio
reported is the median of the per-pair ratios B / A, with their min and max.
Every fit's weights (``coefs_``, ``intercepts_``) are checked bitwise equal
to those of the plain fit of this code (watching must not change a weight,
and the "before" code must train the same network).

The progress bars render as a user would see them, at rich's refresh rate,
but into a sink: rich's global console (which ``ProgressBar`` uses) is
replaced by a terminal console writing to a byte counter. A comparison that
misses its bar is profiled (``cProfile``, one fit, main thread only) and the
calls of the callback path that cost most are printed and saved.

Run (about 4-5 minutes on 2 cores with the default 7 pairs)::

    python benchmarks/callbacks.py [--pairs 7] [--seed 0] [--repeat 10]

Results go to ``benchmarks/results/callbacks.md`` and ``callbacks.json``
(committed: ``benchmarks/report.py``, called after a run, generates the
table of ``docs/benchmarks.rst`` from it; ``--no-save`` to skip both).
"""

import os

# Before numpy is imported: one BLAS thread, for every library.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import cProfile  # noqa: E402
import datetime  # noqa: E402
import importlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import pstats  # noqa: E402
import re  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from importlib.metadata import version  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import report  # noqa: E402
import rich  # noqa: E402
import sklearn  # noqa: E402

# benchmarks/ is the script's folder, so on the path: case 1's fit itself.
from case1 import CASE1_PARAMS  # noqa: E402
from sklearn.callback import ProgressBar, ScoringMonitor  # noqa: E402
from sklearn.datasets import load_digits, make_classification  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import Pipeline, make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

import sk_hillclimb  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BEFORE_COMMIT = "d054435"
BARS = {"before": 1.02, "progress": 1.2, "scoring": 1.5}


# -- the code before this work --------------------------------------------------


def import_before(tmpdir, commit=BEFORE_COMMIT):
    """Extract ``sk_hillclimb`` at ``commit`` and import it as
    ``sk_hillclimb_before``; the files whose absolute imports were rewritten."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "sk_hillclimb"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", tmpdir], input=archive, check=True)
    package = Path(tmpdir) / "sk_hillclimb_before"
    (Path(tmpdir) / "sk_hillclimb").rename(package)
    # Absolute imports of the package (code lines, not doctests) would load
    # this code's modules: point them at the copy.
    absolute = re.compile(r"^(\s*)(from|import) sk_hillclimb\b(?!_before)", re.M)
    rewritten = []
    for path in sorted(package.rglob("*.py")):
        text = path.read_text()
        new = absolute.sub(
            lambda m: (
                f"{m[1]}import sk_hillclimb_before as sk_hillclimb"
                if m[2] == "import" and m.string[m.end() :].startswith("\n")
                else f"{m[1]}{m[2]} sk_hillclimb_before"
            ),
            text,
        )
        if new != text:
            path.write_text(new)
            rewritten.append(str(path.relative_to(tmpdir)))
    sys.path.insert(0, tmpdir)
    try:
        module = importlib.import_module("sk_hillclimb_before")
    finally:
        sys.path.remove(tmpdir)
    for name, mod in list(sys.modules.items()):
        if name.startswith("sk_hillclimb_before"):
            where = getattr(mod, "__file__", None)
            assert where is None or where.startswith(tmpdir), (name, where)
    return module, rewritten


# -- the tasks ------------------------------------------------------------------


def digits_task(seed):
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, random_state=0
    )
    # What the classifier step sees of the test rows (a step-level scorer
    # is given the step, not the pipeline): the scaler is fitted on the
    # training rows, deterministically, as in the pipeline.
    scaler = StandardScaler().fit(X_train)
    return {
        "X": X_train,
        "y": y_train,
        "X_test_step": scaler.transform(X_test),
        "y_test": y_test,
        "X_scaled": scaler.transform(X_train),
        "make": lambda lib: make_pipeline(
            StandardScaler(), lib.HillClimbMLPClassifier(random_state=seed)
        ),
    }


def tutorial_default_task(seed):
    """The defaults panel's "tutorial" row: ``HillClimbMLPClassifier()``."""
    task = tutorial_task(seed, None)
    task["make"] = lambda lib: lib.HillClimbMLPClassifier(random_state=seed)
    return task


def tutorial_task(seed, max_iter):
    X, y = make_classification(
        n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.33, random_state=1
    )
    return {
        "X": X_train,
        "y": y_train,
        "X_test_step": X_test,
        "y_test": y_test,
        "make": lambda lib: lib.HillClimbMLPClassifier(
            **{**CASE1_PARAMS, "max_iter": max_iter}, random_state=seed
        ),
    }


def classifier(fitted):
    return fitted[-1] if isinstance(fitted, Pipeline) else fitted


def weights(fitted):
    """The fitted weights as bytes (with dtypes and shapes)."""
    clf = classifier(fitted)
    parts = []
    for array in [*clf.coefs_, *clf.intercepts_]:
        array = np.asarray(array)
        parts.append(f"{array.dtype}{array.shape}".encode() + array.tobytes())
    return b"|".join(parts)


class Sink(io.TextIOBase):
    """A terminal's stand-in for rich: counts what is written, keeps nothing."""

    def __init__(self):
        self.chars = 0

    def writable(self):
        return True

    def write(self, text):
        self.chars += len(text)
        return len(text)


# -- the arms -------------------------------------------------------------------


class Arm:
    """One side of a comparison: builds a fresh estimator (untimed), fits it
    (timed) ``repeat`` times, checks the weights and what the callback saw."""

    def __init__(self, label, make, X, y, repeat, reference, check=None):
        self.label, self.make, self.X, self.y = label, make, X, y
        self.repeat, self.reference, self.check = repeat, reference, check
        self.fits = 0

    def run(self):
        total = 0.0
        for _ in range(self.repeat):
            est, state = self.make()
            start = time.perf_counter()
            est.fit(self.X, self.y)
            total += time.perf_counter() - start
            assert weights(est) == self.reference, f"{self.label}: weights differ"
            if self.check is not None:
                self.check(est, state)
            self.fits += 1
        return total


def compare(a, b, pairs, before=None):
    """Warm up, then ``pairs`` interleaved pairs (the order alternates).

    With ``before`` (the old package), this code then uses the scoring
    costs the old one measured: speculation plans its depth from costs
    timed once per process and shape, and two timings of the same
    arithmetic can differ by a third on this machine, which would compare
    two depth schedules rather than two loops.
    """
    a.run()
    b.run()
    if before is not None:
        old = importlib.import_module(f"{before.__name__}._speculative")
        new = importlib.import_module("sk_hillclimb._speculative")
        new._SCORING_COSTS.clear()
        new._SCORING_COSTS.update(old._SCORING_COSTS)
    t_a, t_b = [], []
    for i in range(pairs):
        if i % 2 == 0:
            t_a.append(a.run())
            t_b.append(b.run())
        else:
            t_b.append(b.run())
            t_a.append(a.run())
    ratios = [tb / ta for ta, tb in zip(t_a, t_b)]
    return {
        "a_s": t_a,
        "b_s": t_b,
        "ratios": ratios,
        "ratio": float(np.median(ratios)),
        "ratio_min": float(min(ratios)),
        "ratio_max": float(max(ratios)),
        "a_median_s": float(np.median(t_a)) / a.repeat,
        "b_median_s": float(np.median(t_b)) / b.repeat,
    }


def _profile_stats(arm, fits):
    """cProfile of ``fits`` fits of ``arm`` (main thread): {function: (calls,
    own s, cumulative s)} per fit, keyed by file (the old package's as this
    one's) and name."""
    profiler = cProfile.Profile()
    for _ in range(fits):
        est, _ = arm.make()
        profiler.enable()
        est.fit(arm.X, arm.y)
        profiler.disable()
    out = {}
    for (filename, _, func), (_, ncalls, tottime, cumtime, _) in pstats.Stats(
        profiler
    ).stats.items():
        short = re.sub(
            r".*/(site-packages|lib/python[\d.]+|wt-[^/]+|tmp[^/]*)/", "", filename
        )
        short = short.replace("sk_hillclimb_before/", "sk_hillclimb/")
        key = f"{short}({func})"
        calls, own, cum = out.get(key, (0, 0.0, 0.0))
        # Recursive or same-named entries: add calls and own time.
        out[key] = (calls + ncalls, own + tottime, max(cum, cumtime))
    return {k: (c // fits, own / fits, cum / fits) for k, (c, own, cum) in out.items()}


def profile_pair(a, b, fit_s, top=12):
    """Where B's extra time goes: profiled fits of each side (enough for
    about a second, ``fit_s`` a fit), per fit: the calls B makes that A does
    not (by cumulative time) and the functions whose own time grew most."""
    fits = max(1, math.ceil(1.0 / fit_s))
    stats_a, stats_b = _profile_stats(a, fits), _profile_stats(b, fits)
    new = sorted(
        (
            (cum, calls, key)
            for key, (calls, _, cum) in stats_b.items()
            if key not in stats_a
        ),
        reverse=True,
    )
    grown = sorted(
        (
            (own - stats_a.get(key, (0, 0.0, 0.0))[1], calls, key)
            for key, (calls, own, _) in stats_b.items()
        ),
        reverse=True,
    )
    return {
        "profiled_fits_per_side": fits,
        "a_fit_s_profiled": max(c for _, _, c in stats_a.values()),
        "b_fit_s_profiled": max(c for _, _, c in stats_b.values()),
        "new_in_b": [
            {"cumtime_s": c, "ncalls": n, "function": f} for c, n, f in new[:top]
        ],
        "own_time_growth": [
            {"own_s_b_minus_a": d, "ncalls_b": n, "function": f}
            for d, n, f in grown[:8]
        ],
    }


# -- the run --------------------------------------------------------------------


def comparisons(task, before, repeat):
    """The (name, bar key, arm A, arm B) of one task."""
    X, y = task["X"], task["y"]
    X_test, y_test = task["X_test_step"], task["y_test"]
    ref = weights(task["make"](sk_hillclimb).fit(X, y))

    def plain(lib):
        return lambda: (task["make"](lib), None)

    def with_progress(on_pipeline=False):
        def make():
            est = task["make"](sk_hillclimb)
            target = est if on_pipeline else classifier(est)
            target.set_callbacks(ProgressBar())
            return est, SINK.chars

        return make

    def rendered(est, chars_before):
        assert SINK.chars > chars_before, "the progress bar rendered nothing"

    def with_scoring():
        def make():
            est = task["make"](sk_hillclimb)
            monitor = ScoringMonitor(
                scoring={"test_accuracy": lambda step, X, y: step.score(X_test, y_test)}
            )
            classifier(est).set_callbacks(monitor)
            return est, monitor

        return make

    def scored(est, monitor):
        data = monitor.get_logs().data
        assert data and "test_accuracy" in data[-1], "no score logged"
        # The root task's row scores the fitted estimator: as the step does.
        assert data[0]["test_accuracy"] == classifier(est).score(X_test, y_test)

    def arm(label, make, check=None):
        return Arm(label, make, X, y, repeat, ref, check)

    out = [
        (
            "no callbacks: now / before",
            "before",
            arm("before", plain(before)),
            arm("now", plain(sk_hillclimb)),
        )
    ]
    pipeline = isinstance(task["make"](sk_hillclimb), Pipeline)
    if pipeline:
        out.append(
            (
                "ProgressBar on the Pipeline / none",
                "progress",
                arm("none", plain(sk_hillclimb)),
                arm("ProgressBar", with_progress(on_pipeline=True), rendered),
            )
        )
        # The classifier alone, on the scaled rows: ProgressBar set on the
        # classifier itself (a pipeline's step cannot take it, see notes).
        alone = Arm(
            "none",
            lambda: (classifier(task["make"](sk_hillclimb)), None),
            task["X_scaled"],
            y,
            repeat,
            ref,
        )
        out.append(
            (
                "ProgressBar on the classifier alone (pre-scaled X) / none",
                "progress",
                alone,
                Arm(
                    "ProgressBar",
                    lambda: _progress_alone(task),
                    task["X_scaled"],
                    y,
                    repeat,
                    ref,
                    rendered,
                ),
            )
        )
    else:
        out.append(
            (
                "ProgressBar / none",
                "progress",
                arm("none", plain(sk_hillclimb)),
                arm("ProgressBar", with_progress(), rendered),
            )
        )
    out.append(
        (
            "ScoringMonitor (held-out accuracy)"
            + (" on the step" if pipeline else "")
            + " / none",
            "scoring",
            arm("none", plain(sk_hillclimb)),
            arm("ScoringMonitor", with_scoring(), scored),
        )
    )
    return out


def _progress_alone(task):
    est = classifier(task["make"](sk_hillclimb))
    est.set_callbacks(ProgressBar())
    return est, SINK.chars


def progress_on_step(task):
    """Whether ProgressBar can be set on a pipeline's step: the error if not."""
    est = task["make"](sk_hillclimb)
    est[-1].set_callbacks(ProgressBar())
    try:
        est.fit(task["X"], task["y"])
    except TypeError as error:
        return f"TypeError: {error}"
    return None


SINK = Sink()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="A/B pairs (>= 5)")
    parser.add_argument("--seed", type=int, default=0, help="random_state")
    parser.add_argument(
        "--repeat",
        type=int,
        default=10,
        help="fits per timed sample of the 1000-iteration tutorial task",
    )
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if args.pairs < 5:
        parser.error("--pairs must be at least 5")
    here = Path(sk_hillclimb.__file__).resolve()
    assert here.is_relative_to(ROOT), f"sk_hillclimb imported from {here}"

    command = shlex.join(["python", "benchmarks/callbacks.py", *sys.argv[1:]])
    if os.environ.get("PYTHONPATH"):
        command = f"PYTHONPATH={shlex.quote(os.environ['PYTHONPATH'])} {command}"
    started = time.perf_counter()
    load_before = os.getloadavg()
    date = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    # ProgressBar's rich.Progress draws on rich's global console: a terminal
    # console (so that it renders live, as for a user) writing to the sink.
    rich.reconfigure(
        file=SINK, force_terminal=True, color_system="truecolor", width=120
    )
    notes = [
        f"tutorial MLP, 1000 it: each timed sample is the sum of {args.repeat} "
        "fits (each with its own callbacks); s/fit is per fit",
        "ScoringMonitor: a fresh monitor per fit (built untimed), scoring "
        "accuracy on the held-out rows at the end of every block (60 a fit on "
        "digits, 100 on the tutorial) and of the fit; on digits it is set on the "
        "classifier step, so it scores the step on the test rows scaled by the "
        "training rows' StandardScaler",
    ]
    rows, profiles = [], []
    with tempfile.TemporaryDirectory() as tmpdir, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before, rewritten = import_before(tmpdir)
        if rewritten:
            notes.append(
                "absolute imports rewritten in the temporary copy of "
                f"{BEFORE_COMMIT}: {', '.join(rewritten)}"
            )
        tasks = [
            ("digits default", digits_task(args.seed), 1),
            ("tutorial MLP, 1000 it", tutorial_task(args.seed, 1000), args.repeat),
            ("tutorial default", tutorial_default_task(args.seed), 1),
        ]
        error = progress_on_step(tasks[0][1])
        notes.append(
            "digits: ProgressBar set on the pipeline's classifier step "
            + (f"cannot be fitted: {error}" if error else "works")
        )
        for task_name, task, repeat in tasks:
            for name, bar_key, a, b in comparisons(task, before, repeat):
                r = compare(a, b, args.pairs, before if bar_key == "before" else None)
                bar = BARS[bar_key]
                row = {
                    "task": task_name,
                    "comparison": name,
                    "fits_per_sample": repeat,
                    "bar": bar,
                    "pass": r["ratio"] <= bar,
                    **r,
                }
                rows.append(row)
                print(
                    f"{task_name:24} {name:58} {r['ratio']:.3f} "
                    f"({r['ratio_min']:.3f}-{r['ratio_max']:.3f}) "
                    f"A {r['a_median_s']:.4f} s B {r['b_median_s']:.4f} s "
                    f"<= {bar} {'pass' if row['pass'] else 'FAIL'}",
                    flush=True,
                )
                if not row["pass"]:
                    profiles.append(
                        {
                            "task": task_name,
                            "comparison": name,
                            **profile_pair(a, b, r["b_median_s"]),
                        }
                    )
    load_after = os.getloadavg()
    elapsed = time.perf_counter() - started

    meta = {
        "command": command,
        "date": date,
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "elapsed_s": elapsed,
        "pairs": args.pairs,
        "seed": args.seed,
        "before_commit": BEFORE_COMMIT,
        "now_commit": _git("rev-parse", "--short", "HEAD"),
        "now_dirty": bool(_git("status", "--porcelain", "sk_hillclimb")),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
        "rich": version("rich"),
        "progress_chars_rendered": SINK.chars,
        "notes": notes,
    }
    table = render_table(rows)
    print()
    print(table)
    for note in notes:
        print(f"- {note}")
    for p in profiles:
        print()
        print(render_profile(p))
    print(
        f"\n{elapsed:.0f} s; load average before {_load(load_before)}, "
        f"after {_load(load_after)}"
    )
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "callbacks.json").write_text(
            json.dumps({**meta, "rows": rows, "profiles": profiles}, indent=2) + "\n"
        )
        (RESULTS / "callbacks.md").write_text(render_md(meta, table, profiles))
        print(f"saved {RESULTS / 'callbacks.md'} and callbacks.json")
        report.main()  # the page's table from the saved results
    return rows


def _git(*args):
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def _load(load):
    return ", ".join(f"{x:.2f}" for x in load)


def render_table(rows):
    lines = [
        "| task | comparison (B / A) | median ratio | min-max | A s/fit | B s/fit "
        "| bar | result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['task']} | {r['comparison']} | {r['ratio']:.3f} | "
            f"{r['ratio_min']:.3f}-{r['ratio_max']:.3f} | {r['a_median_s']:.4f} | "
            f"{r['b_median_s']:.4f} | <= {r['bar']} | "
            f"{'pass' if r['pass'] else 'FAIL'} |"
        )
    return "\n".join(lines)


def render_profile(p):
    lines = [
        f"Profile, {p['task']}, {p['comparison']}: {p['profiled_fits_per_side']} "
        "fits each side, figures per fit (main thread only; under cProfile "
        f"A {p['a_fit_s_profiled']:.4f} s, B {p['b_fit_s_profiled']:.4f} s a fit). "
        "Calls B makes that A does not:",
        "",
        "| cumulative s | calls | function |",
        "|---|---|---|",
    ]
    for call in p["new_in_b"]:
        lines.append(
            f"| {call['cumtime_s']:.4f} | {call['ncalls']} | `{call['function']}` |"
        )
    lines += [
        "",
        "Own time (excluding callees) grown most, B - A:",
        "",
        "| own s, B - A | calls in B | function |",
        "|---|---|---|",
    ]
    for call in p["own_time_growth"]:
        lines.append(
            f"| {call['own_s_b_minus_a']:+.4f} | {call['ncalls_b']} | "
            f"`{call['function']}` |"
        )
    return "\n".join(lines)


def render_md(meta, table, profiles):
    parts = [
        "# Callback overhead (benchmarks/callbacks.py)",
        "",
        f"Command: `{meta['command']}`",
        "",
        f"Date: {meta['date']}; {meta['machine']}, Python {meta['python']}, "
        f"numpy {meta['numpy']}, scikit-learn {meta['scikit-learn']}, "
        f"rich {meta['rich']}; BLAS pinned to 1 thread; {meta['pairs']} pairs, "
        f"seed {meta['seed']}; before = {meta['before_commit']}, now = "
        f"{meta['now_commit']}{' (sk_hillclimb modified)' if meta['now_dirty'] else ''}"
        f"; total {meta['elapsed_s']:.0f} s.",
        "",
        f"Load average (1, 5, 15 min) before: {_load(meta['loadavg_before'])}; "
        f"after: {_load(meta['loadavg_after'])}.",
        "",
        "Ratio = median over pairs of (time of B's fit / time of A's fit); "
        "A s/fit and B s/fit are the medians per fit. Weights checked bitwise "
        "equal in every fit.",
        "",
        table,
        "",
        "Notes:",
        "",
        *(f"- {note}" for note in meta["notes"]),
        f"- progress bars rendered {meta['progress_chars_rendered']:,} characters "
        "into the sink (a terminal console writing nowhere).",
        "",
    ]
    for p in profiles:
        parts += [render_profile(p), ""]
    return "\n".join(parts)


if __name__ == "__main__":
    main()
