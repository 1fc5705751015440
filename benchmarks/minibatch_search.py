"""Derivative-free rounds on minibatches against full-batch rounds.

``make_classification(ROWS, 20, n_informative=10, random_state=0)``, 80/20
split (``random_state=0``), a (16,) tanh :class:`HillClimbMLPClassifier`
fitted with the same solver settings (defaults, ``tol=None``) for the same
number of rounds twice per seed: on all training rows (``batch_size="auto"``)
and with ``batch_size`` (each round's candidates and current point scored
on the same minibatch). Printed per seed and batch size: held-out accuracy
of both, the difference, the seconds of both and their ratio; then the
mean and worst over the seeds. Both fits of a seed run back to back in one
process with BLAS on one thread, so that a slow spell of the (shared)
machine hits both alike.

    python benchmarks/minibatch_search.py [--solver hillclimb] [--rounds 3000]
        [--rows 1000000] [--seeds 0 1 2] [--batch-sizes 30000 ...]
        [--out minibatch]

``--rounds`` counts the solver's iterations (generations for ``genetic``
and ``cmaes``), the same for both fits (``max_iter=ROUNDS``; the work
budget of ``max_iter="auto"`` would give the minibatch fit more rounds).
Compare fits long enough to be near their end, over several seeds: one
seed's comparison moves with anything that changes its trajectory.

The question it answers: does the hill climber on minibatches come within
1 accuracy point of the full-batch fit in at most 1/10 of its time, and
with how many rows? The results (command, date, load average before and
after, versions, one row per seed and batch size: accuracy, seconds, time
ratio, ``n_iter_``) are saved to ``benchmarks/results/<out>.json``
(``--out``, default ``minibatch``); ``docs/benchmarks.rst``, "Derivative-free
training on minibatches", quotes them.
"""

import os

# Before numpy is imported: one BLAS thread, for every library.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from sk_hillclimb import HillClimbMLPClassifier  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[30000])
    parser.add_argument("--solver", default="hillclimb")
    parser.add_argument("--rounds", type=int, default=3000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--out", default="minibatch", help="stem of the JSON file")
    return parser.parse_args(argv)


def fit(args, data, seed, batch_size):
    """One fit: its row of the results (accuracy, seconds, ``n_iter_``)."""
    X_train, X_test, y_train, y_test = data
    clf = HillClimbMLPClassifier(
        (16,),
        "tanh",
        solver=args.solver,
        batch_size=batch_size,
        max_iter=args.rounds,
        tol=None,
        random_state=seed,
    )
    start = time.perf_counter()
    clf.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    return {
        "seed": seed,
        "batch_size": "full" if batch_size == "auto" else batch_size,
        "accuracy": float(clf.score(X_test, y_test)),
        "seconds": seconds,
        "n_iter": int(clf.n_iter_),
    }


def seed_rows(args, data, seed):
    """The full-batch fit of ``seed`` and one fit per batch size, printed."""
    full = fit(args, data, seed, "auto")
    full["time_ratio"] = 1.0
    print(
        f"seed {seed} full batch: accuracy {full['accuracy']:.4f}, "
        f"{full['seconds']:.1f} s, n_iter_ {full['n_iter']}",
        flush=True,
    )
    rows = [full]
    for size in args.batch_sizes:
        row = fit(args, data, seed, size)
        row["time_ratio"] = row["seconds"] / full["seconds"]
        gap = 100 * (row["accuracy"] - full["accuracy"])
        print(
            f"seed {seed} batch_size {size}: accuracy {row['accuracy']:.4f} "
            f"({gap:+.2f} points), {row['seconds']:.1f} s "
            f"(time ratio {row['time_ratio']:.3f}), n_iter_ {row['n_iter']}",
            flush=True,
        )
        rows.append(row)
    return rows


def summary(args, rows):
    """Mean and worst accuracy change and worst time ratio per batch size."""
    full = {r["seed"]: r["accuracy"] for r in rows if r["batch_size"] == "full"}
    lines = []
    for size in args.batch_sizes:
        mine = [r for r in rows if r["batch_size"] == size]
        gaps = [100 * (r["accuracy"] - full[r["seed"]]) for r in mine]
        lines.append(
            f"batch_size {size} over seeds {args.seeds}: accuracy "
            f"{np.mean(gaps):+.2f} points on average,\n"
            f"        {min(gaps):+.2f} at worst; time ratio "
            f"{max(r['time_ratio'] for r in mine):.3f} at worst"
        )
    return "\n".join(lines)


def meta(argv, args, n_train):
    return {
        "command": shlex.join(["python", "benchmarks/minibatch_search.py", *argv]),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "solver": args.solver,
        "rounds": args.rounds,
        "n_rows": args.rows,
        "train_rows": n_train,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
    }


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    X, y = make_classification(args.rows, 20, n_informative=10, random_state=0)
    data = train_test_split(X, y, test_size=0.2, random_state=0)
    info = meta(argv, args, len(data[0]))
    print(
        f"{args.solver}, {args.rounds} rounds, {args.rows} rows "
        f"({len(data[0])} to train), (16,) tanh, BLAS on one thread"
    )
    load_before = list(os.getloadavg())
    rows = []
    with threadpool_limits(1, "blas"):
        for seed in args.seeds:
            rows += seed_rows(args, data, seed)
    load_after = list(os.getloadavg())
    print(summary(args, rows))
    print(f"load average (1, 5, 15 min) before {load_before}, after {load_after}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {**info, "load_before": load_before, "load_after": load_after}
    (RESULTS / f"{args.out}.json").write_text(
        json.dumps({**result, "rows": rows}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
