"""Derivative-free rounds on minibatches against full-batch rounds, 1M rows.

make_classification(1_000_000, 20, n_informative=10), 80/20 split, a (16,)
tanh network climbed for the same number of rounds on all rows and with
``batch_size`` (each round's candidates and current point scored on the
same minibatch); held-out accuracy and seconds, BLAS on one thread.

    python benchmarks/minibatch_search.py [ROUNDS] [BATCH_SIZE ...]
"""

import sys
import time

from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from sk_hillclimb import HillClimbMLPClassifier

X, y = make_classification(1_000_000, 20, n_informative=10, random_state=0)
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, random_state=0)
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 300
sizes = [int(a) for a in sys.argv[2:]] or [20000]
with threadpool_limits(1, "blas"):
    for seed in (0, 1, 2):
        for bs in ["auto", *sizes]:
            t = time.perf_counter()
            m = HillClimbMLPClassifier(
                (16,),
                "tanh",
                batch_size=bs,
                max_iter=rounds,
                tol=None,
                random_state=seed,
            ).fit(Xtr, ytr)
            dt = time.perf_counter() - t
            print(
                f"seed {seed} batch_size {bs}: test accuracy "
                f"{m.score(Xte, yte):.4f}, {m.n_iter_} rounds, {dt:.1f} s",
                flush=True,
            )
