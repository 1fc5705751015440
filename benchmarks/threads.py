"""Threads: ``n_jobs`` of the derivative-free solvers, and the per-round floor.

Four measurements, BLAS pinned to one thread (with threadpoolctl, which
limits it for every thread of the process):

1. **Threads.** ``n_jobs=2`` against ``n_jobs=1`` (and ``n_jobs`` = all
   cores where there are more than two), in interleaved rounds whose order
   rotates (1 2, 2 1, ...), on:

   - ``"genetic"`` and ``"cmaes"`` with their defaults on digits
     (``make_pipeline(StandardScaler(), HillClimbMLPClassifier(solver=...,
     random_state=0))``, the defaults panel's 75/25 stratified split of
     ``benchmarks/defaults.py``);
   - hill climbing on 100,000 and 1,000,000 rows: benchmark case 6's
     (16,) tanh network on ``make_classification(n, 20, n_informative=10,
     random_state=0)``, 40 and 8 iterations;
   - the defaults panel's iris (``HillClimbMLPClassifier()``, defaults).

   Each fit's time is ``time_curve_[-1] - time_curve_[0]`` (the rounds
   after the first evaluation: validation and set-up are not counted) per
   iteration. Reported: the best-of ratio (fastest 1-thread time over the
   fastest n-thread time, which approximates an idle machine) and the
   median of the per-round ratios (what a shared machine gives), with the
   load average before and after. Every fit's weights are checked bitwise
   equal across ``n_jobs``.

2. **Floor** (``--floor``). Per-evaluation time of a default
   ``HillClimbMLPClassifier()`` fit (single thread) on iris and wine
   (standardised, 75/25 stratified split, ``random_state=0``), and of
   benchmark case 1's fit (the tutorial's 5-10-1 logistic network and
   fixed-step hill climb on its 670 rows, ``benchmarks/case1.py``), over
   the arithmetic floor: the best time of one :meth:`TrainingProblem.losses`
   call scoring 32 random candidates of the same network on the same rows
   (one stacked first-layer product, the rest of the forward pass and the
   loss, no per-round Python work), divided by 32. The fit's time per
   evaluation counts every candidate scored, discarded ones included
   (``n_evals_ + n_evals_discarded_``), and also the useful ones alone.
   ``--clock cpu`` times both with the process's CPU time instead of the
   wall clock: on a shared machine, time spent waiting for a core is then
   not counted.

3. **Calls** (``--calls``). One :meth:`TrainingProblem.losses` call on
   2 threads against 1 (best of 30 calls, three times), with no bar on
   the work a thread gets, for populations of 2 to 64 relu networks
   4-100-3 on 112 rows and 64-16-10 and 64-100-10 on 1,347 rows (random
   data): where a second thread starts to pay, the ground of
   ``MIN_WORK_PER_THREAD``.

4. **Grid search** (``--grid``). ``GridSearchCV(HillClimbMLPClassifier(
   (64,), solver="genetic", n_jobs=-1), ..., n_jobs=2)`` on digits: the
   scoring threads seen alive inside each worker's fits (a callback counts
   the pool's threads, the caller's included), against the same estimator
   fitted in this process (the refit); the search's ``best_params_`` and
   ``mean_test_score`` must equal those of ``n_jobs=None`` (no thread
   pinning here: the fits pin BLAS themselves).

Run::

    python benchmarks/threads.py [--rounds 5] [--cases ...] [--short]
    python benchmarks/threads.py --floor
    python benchmarks/threads.py --calls
    python benchmarks/threads.py --grid

``--short`` cuts the budgets (genetic/cmaes 20 generations, 1M rows 4
iterations) to validate the script quickly. Results go to
``benchmarks/results/threads.md`` and ``threads.json`` (``floor``,
``calls`` and ``grid`` ``.md`` and ``.json`` with ``--floor``, ``--calls``
and ``--grid``; ``--no-save`` to skip).
"""

# No OMP_NUM_THREADS=1 here, unlike the other benchmarks: it would cap
# n_jobs=-1 (and the grid search's workers would inherit it). BLAS is
# pinned with threadpoolctl instead, and the thread counts compared are
# explicit.
import argparse
import datetime
import json
import os
import platform
import shlex
import sys
import threading
import time
import warnings
from pathlib import Path

import joblib
import numpy as np
import sklearn
from case1 import CASE1_PARAMS, tutorial_task
from sklearn.datasets import load_digits, load_iris, load_wine, make_classification
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from sk_hillclimb import HillClimbMLPClassifier
from sk_hillclimb._layout import Layout
from sk_hillclimb._objectives import OBJECTIVES
from sk_hillclimb._problem import TrainingProblem

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def split(load):
    """The defaults panel's split: 75/25, stratified, ``random_state=0``."""
    X, y = load(return_X_y=True)
    return train_test_split(X, y, stratify=y, random_state=0)


def large_data(n):
    """Benchmark case 6's data (``benchmarks/run.py``, inline there)."""
    return make_classification(n, 20, n_informative=10, random_state=0)


# -- threads --------------------------------------------------------------


def cases(short):
    """Name -> (make estimator given n_jobs, X, y)."""
    X_digits, _, y_digits, _ = split(load_digits)
    X_iris, _, y_iris, _ = split(load_iris)
    generations = 20 if short else "auto"

    def default(**params):
        def make(n_jobs):
            est = HillClimbMLPClassifier(random_state=0, n_jobs=n_jobs, **params)
            return make_pipeline(StandardScaler(), est)

        return make

    def case6(n_iter):
        def make(n_jobs):
            return HillClimbMLPClassifier(
                (16,), "tanh", max_iter=n_iter, tol=None, random_state=0,
                n_jobs=n_jobs,
            )  # fmt: skip

        return make

    out = {
        "genetic digits (defaults)": (
            default(solver="genetic", max_iter=generations),
            X_digits,
            y_digits,
        ),
        "cmaes digits (defaults)": (
            default(solver="cmaes", max_iter=generations),
            X_digits,
            y_digits,
        ),
        "iris (defaults)": (default(), X_iris, y_iris),
    }
    for n, n_iter in [(100_000, 40), (1_000_000, 4 if short else 8)]:
        X, y = large_data(n)
        out[f"hillclimb {n:,} x 20, (16,) tanh"] = (case6(n_iter), X, y)
    return out


def fit_once(make, n_jobs, X, y):
    """Seconds per iteration after the first evaluation, and the weights."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = make(n_jobs).fit(X, y)
    est = est[-1] if hasattr(est, "steps") else est
    seconds = (est.time_curve_[-1] - est.time_curve_[0]) / max(est.n_iter_ - 1, 1)
    return seconds, [*est.coefs_, *est.intercepts_]


def compare(make, X, y, arms, rounds):
    """Interleaved rounds of every arm; times per arm and the weights check."""
    times = {a: [] for a in arms}
    reference = None
    fit_once(make, arms[0], X, y)  # warm-up: caches, the calibration
    for r in range(rounds):
        order = arms[r % len(arms) :] + arms[: r % len(arms)]
        for n_jobs in order:
            seconds, weights = fit_once(make, n_jobs, X, y)
            times[n_jobs].append(seconds)
            if reference is None:
                reference = weights
            elif not all(np.array_equal(a, b) for a, b in zip(reference, weights)):
                raise AssertionError(f"n_jobs={n_jobs} changed the weights")
    return times


def thread_rows(args):
    cores = joblib.cpu_count()
    arms = [1, 2] + ([cores] if cores > 2 else [])
    rows = []
    for name, (make, X, y) in cases(args.short).items():
        if args.cases and not any(c in name for c in args.cases):
            continue
        load = [os.getloadavg()[0]]
        times = compare(make, X, y, arms, args.rounds)
        load.append(os.getloadavg()[0])
        one = np.array(times[1])
        row = {"case": name, "rows": len(X), "load": load, "times": times}
        for n_jobs in arms[1:]:
            many = np.array(times[n_jobs])
            row[f"best_of_{n_jobs}"] = float(one.min() / many.min())
            row[f"median_{n_jobs}"] = float(np.median(one / many))
        rows.append(row)
        print(render_thread_row(row, arms), flush=True)
    return arms, rows


def render_thread_row(row, arms):
    cells = [row["case"], f"{np.median(row['times'][1]) * 1e3:.2f} ms"]
    for n_jobs in arms[1:]:
        cells.append(f"{row[f'best_of_{n_jobs}']:.2f}x")
        cells.append(f"{row[f'median_{n_jobs}']:.2f}x")
    cells.append(f"{row['load'][0]:.2f} to {row['load'][1]:.2f}")
    return "| " + " | ".join(cells) + " |"


def thread_table(arms, rows):
    head = ["case", "n_jobs=1 per iteration (median)"]
    for n_jobs in arms[1:]:
        head += [f"best-of 1/{n_jobs}", f"median 1/{n_jobs}"]
    head.append("load average")
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    return "\n".join(lines + [render_thread_row(r, arms) for r in rows])


# -- floor ----------------------------------------------------------------


def floor_tasks():
    """Name -> (X, y, estimator for a seed): the fits set against the floor."""

    def default(seed):
        return HillClimbMLPClassifier(random_state=seed)

    tasks = {}
    for name, load in [("iris", load_iris), ("wine", load_wine)]:
        X, _, y, _ = split(load)
        tasks[name] = (StandardScaler().fit_transform(X), y, default)
    X, y = tutorial_task()
    tasks["tutorial (case 1)"] = (
        X,
        y,
        lambda seed: HillClimbMLPClassifier(**CASE1_PARAMS, random_state=seed),
    )
    return tasks


def floor_seconds(est, X, y, clock, repeat=200, population=32):
    """Seconds per candidate of one 32-candidate ``losses`` call (best of).

    The network, activation, penalty and targets of the fitted ``est``.
    """
    if est.n_outputs_ == 1:
        targets = (y == est.classes_[1]).astype(X.dtype)[:, None]
    else:
        targets = np.searchsorted(est.classes_, y)
    layout = Layout([X.shape[1], *est.hidden_layer_sizes, est.n_outputs_])
    problem = TrainingProblem(
        layout, X, targets, OBJECTIVES["log_loss"], est.activation, est.alpha
    )
    thetas = np.random.RandomState(0).uniform(-0.2, 0.2, (population, layout.n_params))
    best = np.inf
    for _ in range(repeat):
        start = clock()
        problem.losses(thetas)
        best = min(best, clock() - start)
    return best / population


def fastest_fit(make, X, y, repeat, clock):
    """(seconds, estimator) of the fastest of ``repeat`` fits, seeds 0, 1, ..."""
    fits = []
    for seed in range(repeat):
        est = make(seed)
        start = clock()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(X, y)
        fits.append((clock() - start, est))
    return min(fits, key=lambda f: f[0])


def floor_rows(repeat, clock):
    rows = []
    for name, (X, y, make) in floor_tasks().items():
        seconds, est = fastest_fit(make, X, y, repeat, clock)
        floor = floor_seconds(est, X, y, clock)
        scored = est.n_evals_ + est.n_evals_discarded_
        rows.append(
            {
                "data": name,
                "rows": len(X),
                "network": "-".join(map(str, [X.shape[1], *est.hidden_layer_sizes]))
                + f"-{est.n_outputs_} {est.activation}",
                "floor_us": floor * 1e6,
                "fit_s": seconds,
                "n_evals": est.n_evals_,
                "n_discarded": est.n_evals_discarded_,
                "per_scored_us": seconds / scored * 1e6,
                "per_useful_us": seconds / est.n_evals_ * 1e6,
                "ratio_scored": seconds / scored / floor,
                "ratio_useful": seconds / est.n_evals_ / floor,
                "load": os.getloadavg()[0],
            }
        )
        print(rows[-1], flush=True)
    return rows


def floor_table(rows):
    head = (
        "| data | rows | network | floor (us/candidate) | fit (s) | n_evals "
        "| discarded | us per scored | per scored / floor | us per useful "
        "| per useful / floor | load |"
    )
    lines = [head, "|" + " --- |" * 12]
    for r in rows:
        lines.append(
            f"| {r['data']} | {r['rows']} | {r['network']} | {r['floor_us']:.2f} "
            f"| {r['fit_s']:.3f} "
            f"| {r['n_evals']} | {r['n_discarded']} | {r['per_scored_us']:.2f} "
            f"| {r['ratio_scored']:.2f}x | {r['per_useful_us']:.2f} "
            f"| {r['ratio_useful']:.2f}x | {r['load']:.2f} |"
        )
    return "\n".join(lines)


# -- calls ----------------------------------------------------------------


def best_of(fn, repeat=30):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def call_rows():
    """One ``losses`` call on 2 threads against 1, every call threaded."""
    from sk_hillclimb import _problem
    from sk_hillclimb._pool import ScoringPool

    _problem.MIN_WORK_PER_THREAD = 1  # no bar: time what it would cost
    rng = np.random.RandomState(0)
    rows = []
    for n, units in [(112, [4, 100, 3]), (1347, [64, 16, 10]), (1347, [64, 100, 10])]:
        X = rng.standard_normal((n, units[0]))
        y = rng.randint(0, units[-1], n)
        problems = [
            TrainingProblem(
                Layout(units), X, y, OBJECTIVES["log_loss"], "relu", 1e-4,
                pool=ScoringPool(threads),
            )
            for threads in (1, 2)
        ]  # fmt: skip
        per_row = sum(k * m for k, m in problems[0].layout.shapes)
        for size in (2, 4, 8, 16, 32, 64):
            thetas = rng.uniform(-0.2, 0.2, (size, problems[0].layout.n_params))
            times = [[], []]
            for _ in range(3):  # interleaved: 1 2 1 2 1 2
                for p, t in zip(problems, times):
                    t.append(best_of(lambda p=p, th=thetas: p.losses(th)))
            one, two = min(times[0]), min(times[1])
            rows.append(
                {
                    "network": "-".join(map(str, units)),
                    "rows": n,
                    "candidates": size,
                    "multiply_adds": size * n * per_row,
                    "one_s": one,
                    "two_s": two,
                    "ratio": one / two,
                    "load": os.getloadavg()[0],
                }
            )
            print(rows[-1], flush=True)
        problems[1].pool.close()
    return rows


def call_table(rows):
    lines = [
        "| network | rows | candidates | multiply-adds | 1 thread | 2 threads "
        "| 1/2 | load |",
        "|" + " --- |" * 8,
    ]
    for r in rows:
        lines.append(
            f"| {r['network']} | {r['rows']} | {r['candidates']} "
            f"| {r['multiply_adds']:.2e} | {r['one_s'] * 1e6:.0f} us "
            f"| {r['two_s'] * 1e6:.0f} us | {r['ratio']:.2f} | {r['load']:.2f} |"
        )
    return "\n".join(lines)


# -- grid search ----------------------------------------------------------


class ThreadsSeen:
    """Callback: the most scoring threads alive during the fit."""

    def __init__(self):
        self.most = 0

    def __call__(self, progress):
        pool = sum(t.name.startswith("sk_hillclimb") for t in threading.enumerate())
        # The calling thread scores too.
        self.most = max(self.most, pool + 1)


def seen_threads(estimator, X, y):
    return estimator.callback.most


def grid_rows():
    X, _, y, _ = split(load_digits)
    X = StandardScaler().fit_transform(X)

    def search(n_jobs, workers):
        est = HillClimbMLPClassifier(
            (64,), solver="genetic", max_iter=10, tol=None, random_state=0,
            n_jobs=n_jobs, callback=ThreadsSeen(),
        )  # fmt: skip
        return GridSearchCV(
            est,
            {"alpha": [1e-4, 1e-2]},
            cv=2,
            n_jobs=workers,
            scoring={"score": "accuracy", "threads": seen_threads},
            refit="score",
        ).fit(X, y)

    threaded, serial = search(-1, 2), search(None, None)
    same = threaded.best_params_ == serial.best_params_ and np.array_equal(
        threaded.cv_results_["mean_test_score"], serial.cv_results_["mean_test_score"]
    )
    row = {
        "cores": joblib.cpu_count(),
        "omp_num_threads_here": os.environ.get("OMP_NUM_THREADS"),
        "threads_in_workers": threaded.cv_results_["mean_test_threads"].tolist(),
        "threads_in_this_process": threaded.best_estimator_.callback.most,
        "best_params": threaded.best_params_,
        "mean_test_score": threaded.cv_results_["mean_test_score"].tolist(),
        "same_as_n_jobs_none": bool(same),
    }
    print(row, flush=True)
    return [row]


def grid_table(rows):
    r = rows[0]
    return (
        f"cores {r['cores']}; scoring threads seen in the fits of the "
        f"GridSearchCV(n_jobs=2) workers (mean over folds, per candidate): "
        f"{r['threads_in_workers']}; the same estimator fitted in this process "
        f"(the refit): {r['threads_in_this_process']}; best_params_ "
        f"{r['best_params']}, mean_test_score {r['mean_test_score']}, identical "
        f"to n_jobs=None: {r['same_as_n_jobs_none']}"
    )


# -- main -----------------------------------------------------------------


def meta(argv):
    return {
        "command": "python benchmarks/threads.py " + shlex.join(argv),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        "cores": joblib.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
    }


def save(stem, info, rows, table):
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(
        json.dumps({**info, "rows": rows}, indent=2) + "\n"
    )
    header = f"{info['command']} ({info['date']}, {info['cores']} cores)"
    (RESULTS / f"{stem}.md").write_text(f"{header}\n\n{table}\n")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cases", nargs="*", help="substrings of case names")
    parser.add_argument("--short", action="store_true")
    parser.add_argument("--floor", action="store_true")
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--calls", action="store_true")
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="--floor: wall-clock time, or the process's CPU time (steadier "
        "on a shared machine: waiting for a core does not count)",
    )
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    info = meta(argv)
    if args.grid:
        rows = grid_rows()
        table, stem = grid_table(rows), "grid"
    elif args.calls:
        with threadpool_limits(1, user_api="blas"):
            rows = call_rows()
        table, stem = call_table(rows), "calls"
    elif args.floor:
        with threadpool_limits(1, user_api="blas"):
            clock = time.process_time if args.clock == "cpu" else time.perf_counter
            rows = floor_rows(args.rounds, clock)
        table, stem = floor_table(rows), "floor"
    else:
        with threadpool_limits(1, user_api="blas"):
            arms, rows = thread_rows(args)
        table, stem = thread_table(arms, rows), "threads"
    print(table)
    if not args.no_save:
        save(stem, info, rows, table)


if __name__ == "__main__":
    main()
