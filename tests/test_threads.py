"""BLAS threads: one for the small products of small networks, restored after."""

import numpy as np
from threadpoolctl import threadpool_info

from _shared import ALL_SOLVERS
from sk_hillclimb import HillClimbMLPClassifier
from sk_hillclimb._threads import SMALL_PRODUCT, limit_blas_threads


def _blas_threads():
    return [m["num_threads"] for m in threadpool_info() if m["user_api"] == "blas"]


def test_small_fits_run_blas_on_one_thread_and_restore_it():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 5))
    y = (X[:, 0] > 0).astype(int)
    before = _blas_threads()
    seen = []

    def record(n_iter, loss, n_evals):
        seen.append(_blas_threads())

    for solver in ALL_SOLVERS:
        HillClimbMLPClassifier(
            (8,), solver=solver, max_iter=3, tol=None, callback=record
        ).fit(X, y)
    assert seen and all(threads == [1] * len(before) for threads in seen)
    assert _blas_threads() == before


def test_large_products_keep_blas_threads():
    before = _blas_threads()
    limiter = limit_blas_threads(int(SMALL_PRODUCT), 1)
    assert _blas_threads() == before
    limiter.restore_original_limits()
    limiter = limit_blas_threads(10, 10)
    assert _blas_threads() == [1] * len(before)
    limiter.restore_original_limits()
    assert _blas_threads() == before
