"""The spiral against the clock: population solvers and the hill climber.

How ``"cmaes"`` and ``"genetic"`` fare against the one-fifth
hill climber at the same time budget on ``make_spiral(300, 3,
random_state=0)`` with 16 tanh units. Run ``python
benchmarks/spiral_clock.py`` (about 5 minutes: 30 s per fit, seeds 0-2,
three solvers; ``--seconds`` and ``--seeds`` change that). Every solver
runs with its defaults (``"hillclimb"``: the one-fifth rule and restarts),
``max_time`` and ``tol=None``, so that every fit uses its whole time
(``max_iter="auto"`` sets no cap; with the default ``tol`` the population
solvers stop where they stall: genetic at 40-64% training accuracy after
31,000-163,000 evaluations, cmaes at 83-88% after 156,000-231,000); BLAS is pinned
to one thread and the solvers take turns within each seed, so that a slow
spell of the machine does not land on one solver. It prints the training
accuracy and the evaluations of each fit and saves them to
``benchmarks/results/spiral_clock.json`` (``--out`` changes the stem);
``--default-tol`` also runs the population solvers with their default
``tol`` (each still capped at ``--seconds``). The gallery example
"Randomized optimization of network weights" reports them.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from sk_hillclimb import HillClimbMLPClassifier  # noqa: E402
from sk_hillclimb.datasets import make_spiral  # noqa: E402

SOLVERS = ("hillclimb", "cmaes", "genetic")


RESULTS = Path(__file__).resolve().parent / "results"


def fit_row(X, y, solver, seed, seconds, tol):
    """Training accuracy, evaluations and seconds of one timed fit."""
    clf = HillClimbMLPClassifier(
        (16,), "tanh", solver=solver, max_time=seconds, tol=tol, random_state=seed
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X, y)
    return {
        "seed": seed,
        "solver": solver,
        "tol": tol,
        "score": float(clf.score(X, y)),
        "n_evals": int(clf.n_evals_),
        "seconds": time.perf_counter() - start,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--default-tol", action="store_true")
    parser.add_argument("--out", default="spiral_clock")
    args = parser.parse_args(argv)
    X, y = make_spiral(300, 3, random_state=0)
    arms = [(solver, None) for solver in SOLVERS]
    if args.default_tol:
        tol = HillClimbMLPClassifier().tol
        arms += [(solver, tol) for solver in SOLVERS if solver != "hillclimb"]
    saved = {
        "command": shlex.join(["python", "benchmarks/spiral_clock.py", *sys.argv[1:]]),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average": os.getloadavg()[0],
        "rows": [],
    }
    for seed in args.seeds:
        for solver, tol in arms:
            row = fit_row(X, y, solver, seed, args.seconds, tol)
            saved["rows"].append(row)
            print(
                f"seed {seed} {solver:>9} tol={tol}: train accuracy "
                f"{row['score']:.3f}, {row['n_evals']:,} evaluations in "
                f"{row['seconds']:.1f} s",
                flush=True,
            )
    saved["load_average_after"] = os.getloadavg()[0]
    for solver, tol in arms:
        values = [
            r["score"]
            for r in saved["rows"]
            if r["solver"] == solver and r["tol"] == tol
        ]
        print(
            f"{solver:>9} tol={tol}: mean {np.mean(values):.3f}, "
            f"min {np.min(values):.3f}, max {np.max(values):.3f}"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(saved, indent=1))
    print(f"saved {RESULTS / args.out}.json")


if __name__ == "__main__":
    main()
