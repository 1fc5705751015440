"""Default parameters on real data, against scikit-learn's defaults (issue 11).

Run ``python benchmarks/defaults.py`` (about 5 minutes on one core). Every
estimator x solver of sk_hillclimb is fitted with its default parameters
(``random_state`` aside) in ``make_pipeline(StandardScaler(), est)``, each
fit right after the fit of scikit-learn's default estimator of the same
kind on the same data (``MLPClassifier()``, ``Perceptron()``,
``MLPRegressor()``), in one process with BLAS pinned to one thread: the
time ratio is ours over that reference fit, so that a slow spell of the
machine hits both alike.

The panel:

- ``load_digits``, ``load_breast_cancer``, ``load_iris``: test accuracy on
  a stratified 75/25 split (``random_state=0``). One split rather than
  5-fold CV keeps the run to minutes; ``--seeds`` repeats every fit with
  other seeds of the estimators;
- ``make_spiral(300, 3, random_state=0)``: training accuracy (the MLP
  only: a linear model cannot separate the arms);
- the tutorial's ``make_classification(1000, 5, n_informative=2,
  n_redundant=1, random_state=1)`` with its 67/33 split
  (``random_state=1``): test accuracy;
- ``load_diabetes``: test R^2 of the regressor, 75/25 split.

The fits go to ``benchmarks/results/defaults.json`` (committed, with the
command, date, machine and load average), from which
``benchmarks/report.py`` generates the summary and the panel's tables in
``docs/benchmarks.rst`` and ``benchmarks/figures.py`` the figures; this
script calls it after a run (``--no-docs``: not).

``--merge`` keeps the last saved run and replaces only the fits this run
makes again (say ``--solvers cmaes --merge`` after a change to one
solver; every fit is timed against a reference fitted in its own run).

``--busy-loops 2`` runs the panel on a loaded machine: two processes spin
in a busy loop (one per core of a 2-core machine) for the whole run, as
issue 11 asks, to show what speculative evaluation discards when timings
go astray (the ``discarded`` column: ``n_evals_discarded_ / n_evals_``).
Its fits go to ``benchmarks/results/defaults_loaded.json``.
"""

import os

# Before numpy is imported: one BLAS thread, for every library.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import report  # noqa: E402
import sklearn  # noqa: E402
from sklearn.datasets import (  # noqa: E402
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    make_classification,
)
from sklearn.linear_model import Perceptron  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier, MLPRegressor  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

import sk_hillclimb  # noqa: E402
from sk_hillclimb import (  # noqa: E402
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._solvers import SOLVERS  # noqa: E402
from sk_hillclimb.datasets import make_spiral  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
MARKS = {False: "defaults", True: "defaults-loaded"}


def panel():
    """Name -> (X_train, X_test, y_train, y_test, kind) of each data set."""

    def split(X, y, **kw):
        return tuple(train_test_split(X, y, random_state=0, **kw))

    sets = {}
    for name, load in [
        ("digits", load_digits),
        ("breast_cancer", load_breast_cancer),
        ("iris", load_iris),
    ]:
        X, y = load(return_X_y=True)
        sets[name] = (*split(X, y, stratify=y), "classifier")
    X, y = make_spiral(300, 3, random_state=0)
    sets["spiral (train)"] = (X, X, y, y, "mlp-only")
    X, y = make_classification(1000, 5, n_informative=2, n_redundant=1, random_state=1)
    sets["tutorial"] = (
        *train_test_split(X, y, test_size=0.33, random_state=1),
        "classifier",
    )
    X, y = load_diabetes(return_X_y=True)
    sets["diabetes (R^2)"] = (*split(X, y), "regressor")
    return sets


def pairs(kind):
    """(our estimator class, scikit-learn's default estimator) to compare."""
    if kind == "regressor":
        return [(HillClimbMLPRegressor, MLPRegressor)]
    mlp = [(HillClimbMLPClassifier, MLPClassifier)]
    return mlp if kind == "mlp-only" else mlp + [(HillClimbPerceptron, Perceptron)]


def fit_score(estimator, data):
    X_train, X_test, y_train, y_test, _ = data
    pipe = make_pipeline(StandardScaler(), estimator)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipe.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    warned = sorted({type(w.message).__name__ for w in caught})
    return pipe.score(X_test, y_test), seconds, pipe[-1], warned


def baseline(data):
    """Score of the majority class (accuracy) or of the mean (R^2 = 0)."""
    _, _, y_train, y_test, kind = data
    if kind == "regressor":
        return 0.0
    values, counts = np.unique(y_train, return_counts=True)
    return float(np.mean(y_test == values[counts.argmax()]))


def run(seeds, solvers=None, sets=None, estimators=None):
    """Fit every case; ``None`` filters keep every solver, set, estimator."""
    rows = []
    for name, data in panel().items():
        if sets and name.split()[0] not in sets:
            continue
        for ours_cls, ref_cls in pairs(data[-1]):
            if estimators and ours_cls.__name__ not in estimators:
                continue
            for solver in solvers or SOLVERS:
                for seed in seeds:
                    ref_score, ref_s, _, _ = fit_score(ref_cls(random_state=seed), data)
                    score, seconds, est, warned = fit_score(
                        ours_cls(solver=solver, random_state=seed), data
                    )
                    row = {
                        "data": name,
                        "estimator": ours_cls.__name__,
                        "solver": solver,
                        "seed": seed,
                        "score": float(score),
                        "reference": ref_cls.__name__,
                        "reference_score": float(ref_score),
                        "baseline": baseline(data),
                        "seconds": seconds,
                        "reference_seconds": ref_s,
                        "ratio": seconds / ref_s,
                        "n_iter": int(est.n_iter_),
                        "n_evals": int(est.n_evals_),
                        "n_evals_discarded": int(est.n_evals_discarded_),
                        "warnings": warned,
                    }
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    return rows


def budget(group):
    """The issue's bar on a default fit: max(2 s, 3x the reference's time)."""
    return max(2.0, 3 * float(np.mean([r["reference_seconds"] for r in group])))


def cells(rows):
    """The header and one line of cells per case, averaged over seeds."""
    header = [
        "data set",
        "estimator",
        "solver",
        "score",
        "sklearn",
        "gap",
        "majority",
        "time (s)",
        "ratio",
        "in budget",
        "n_evals",
        "discarded",
    ]
    groups = {}
    for row in rows:
        groups.setdefault((row["data"], row["estimator"], row["solver"]), []).append(
            row
        )
    lines = []
    for (data, estimator, solver), group in groups.items():

        def mean(key, group=group):
            return float(np.mean([r[key] for r in group]))

        evals = mean("n_evals")
        lines.append(
            [
                data,
                estimator.replace("HillClimb", "HC"),
                solver,
                f"{mean('score'):.3f}",
                f"{mean('reference_score'):.3f}",
                f"{mean('score') - mean('reference_score'):+.3f}",
                f"{group[0]['baseline']:.3f}",
                f"{mean('seconds'):.2f}",
                f"{mean('ratio'):.2f}",
                "yes" if mean("seconds") <= budget(group) else "no",
                f"{evals:.0f}",
                f"{mean('n_evals_discarded') / evals:.0%}",
            ]
        )
    return header, lines


def merge(saved, rows):
    """``saved`` with each fit found again in ``rows`` replaced, in place.

    A fit is its data set, estimator, solver and seed; fits of ``rows``
    not in ``saved`` go at the end.
    """

    def key(row):
        return row["data"], row["estimator"], row["solver"], row["seed"]

    new = {key(row): row for row in rows}
    merged = [new.pop(key(row), row) for row in saved]
    return merged + list(new.values())


def saved_rows(saved):
    """The fits of a saved run: its ``rows`` (a bare list in older files)."""
    return saved["rows"] if isinstance(saved, dict) else saved


def machine():
    """Versions and hardware the run measured, for the saved results."""
    return (
        f"sk_hillclimb {sk_hillclimb.__version__}, scikit-learn "
        f"{sklearn.__version__}, numpy {np.__version__}, Python "
        f"{platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, BLAS pinned to 1 thread"
    )


def text_table(header, lines):
    """Aligned columns, for the terminal."""
    widths = [max(len(x) for x in col) for col in zip(header, *lines)]

    def fmt(row):
        return "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()

    return "\n".join([fmt(header), *map(fmt, lines)])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument(
        "--no-docs", action="store_true", help="do not rewrite docs/benchmarks.rst"
    )
    parser.add_argument("--solvers", nargs="+", choices=list(SOLVERS))
    parser.add_argument(
        "--sets", nargs="+", help="data sets by name (digits, spiral, ...)"
    )
    parser.add_argument(
        "--estimators", nargs="+", help="class names, e.g. HillClimbPerceptron"
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="replace the matching rows of the last saved run with this run's "
        "(e.g. after a change to one solver) instead of starting a new table",
    )
    parser.add_argument(
        "--busy-loops",
        type=int,
        default=0,
        help="processes spinning in a busy loop during the run (a loaded machine)",
    )
    args = parser.parse_args(argv)
    loaded = args.busy_loops > 0
    saved = RESULTS / f"{MARKS[loaded].replace('-', '_')}.json"
    if args.merge and not saved.exists():
        parser.error(f"--merge: no saved run in {saved}")
    load_before = os.getloadavg()[0]
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(args.busy_loops)
    ]
    try:
        rows = run(args.seeds, args.solvers, args.sets, args.estimators)
    finally:
        for spinner in spinners:
            spinner.kill()
    if args.merge:
        rows = merge(saved_rows(json.loads(saved.read_text())), rows)
    header, lines = cells(rows)
    print(text_table(header, lines))
    if loaded:
        worst = max(rows, key=lambda r: r["n_evals_discarded"] / r["n_evals"])
        share = worst["n_evals_discarded"] / worst["n_evals"]
        print(
            f"most discarded: {share:.1%} of n_evals_ ({worst['data']}, "
            f"{worst['estimator']}, {worst['solver']}, seed {worst['seed']})"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    argv = sys.argv[1:] if argv is None else argv
    command = shlex.join(["python", "benchmarks/defaults.py", *argv])
    run_info = {
        "command": command,
        "merged": args.merge,
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "load_average": [load_before, os.getloadavg()[0]],
        "rows": rows,
    }
    saved.write_text(json.dumps(run_info, indent=1) + "\n")
    if not args.no_docs:
        report.main()


if __name__ == "__main__":
    main()
