"""The spiral against the clock: population solvers and the hill climber.

Issue 12 asks how ``"cmaes"`` and ``"genetic"`` fare against the one-fifth
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
accuracy and the evaluations of each fit; the gallery example "Randomized
optimization of network weights" reports them.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

from sk_hillclimb import HillClimbMLPClassifier  # noqa: E402
from sk_hillclimb.datasets import make_spiral  # noqa: E402

SOLVERS = ("hillclimb", "cmaes", "genetic")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args(argv)
    X, y = make_spiral(300, 3, random_state=0)
    scores = {solver: [] for solver in SOLVERS}
    for seed in args.seeds:
        for solver in SOLVERS:
            clf = HillClimbMLPClassifier(
                (16,),
                "tanh",
                solver=solver,
                max_time=args.seconds,
                tol=None,
                random_state=seed,
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                clf.fit(X, y)
            scores[solver].append(clf.score(X, y))
            print(
                f"seed {seed} {solver:>9}: train accuracy {scores[solver][-1]:.3f}, "
                f"{clf.n_evals_:,} evaluations in {args.seconds:g} s",
                flush=True,
            )
    for solver, values in scores.items():
        print(
            f"{solver:>9}: mean {np.mean(values):.3f}, "
            f"min {np.min(values):.3f}, max {np.max(values):.3f}"
        )


if __name__ == "__main__":
    main()
