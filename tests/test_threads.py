"""BLAS threads: chosen from the products a fit issues, restored after."""

import numpy as np
import pytest
import scipy.sparse as sp
from threadpoolctl import threadpool_info, threadpool_limits

from _shared import ALL_SOLVERS, SEARCH_SOLVERS
from sk_hillclimb import HillClimbMLPClassifier, _threads
from sk_hillclimb._layout import Layout
from sk_hillclimb._objectives import OBJECTIVES
from sk_hillclimb._problem import TrainingProblem
from sk_hillclimb._threads import (
    MIN_DEPTH,
    MIN_PRODUCT,
    blas_threads,
    limit_blas_threads,
)


@pytest.fixture(autouse=True)
def two_blas_threads():
    """BLAS on two threads, so that pinning to one shows (whatever the
    environment of the test run says)."""
    with threadpool_limits(limits=2, user_api="blas"):
        yield


def _blas_threads():
    return [m["num_threads"] for m in threadpool_info() if m["user_api"] == "blas"]


def _problem(X, hidden, n_outputs=1):
    layout = Layout([X.shape[1], *hidden, n_outputs])
    y = np.zeros(X.shape[0])
    return TrainingProblem(layout, X, y, OBJECTIVES["log_loss"], "tanh", 0.0)


def _fit_threads(solver, X, y):
    seen = []

    def record(progress):
        seen.append(_blas_threads())

    HillClimbMLPClassifier(
        (8,), solver=solver, max_iter=3, tol=None, callback=record
    ).fit(X, y)
    return seen


def test_small_fits_run_blas_on_one_thread_and_restore_it():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 5))
    y = (X[:, 0] > 0).astype(int)
    before = _blas_threads()
    for solver in ALL_SOLVERS:
        seen = _fit_threads(solver, X, y)
        assert seen and all(threads == [1] * len(before) for threads in seen)
    assert _blas_threads() == before


def test_every_evaluation_of_a_small_fit_runs_on_one_thread(monkeypatch):
    # The first evaluation and the speculation's calibration included: a
    # call on two threads slows the single-threaded rounds after it.
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 5))
    y = (X[:, 0] > 0).astype(int)
    seen = []
    losses = TrainingProblem.losses

    def recording(self, thetas):
        seen.append(_blas_threads())
        return losses(self, thetas)

    monkeypatch.setattr(TrainingProblem, "losses", recording)
    before = _blas_threads()
    for solver in SEARCH_SOLVERS:
        HillClimbMLPClassifier((8,), solver=solver, max_iter=20, tol=None).fit(X, y)
    assert len(seen) > 3 and all(t == [1] * len(before) for t in seen)


def test_fits_whose_products_pay_keep_blas_threads(monkeypatch):
    # Thresholds lowered so that a test-sized fit counts as large: the fit
    # must then leave BLAS as it was, for both kinds of solver.
    monkeypatch.setattr(_threads, "MIN_DEPTH", 1)
    monkeypatch.setattr(_threads, "MIN_PRODUCT", 1)
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 5))
    y = (X[:, 0] > 0).astype(int)
    before = _blas_threads()
    for solver in ALL_SOLVERS:
        assert all(threads == before for threads in _fit_threads(solver, X, y))


def test_threads_only_for_large_deep_products():
    deep = 2 * MIN_DEPTH
    rows = int(np.ceil(MIN_PRODUCT / (deep * 16)))
    large_deep = (rows, deep, 16)
    assert blas_threads([large_deep]) is None
    assert blas_threads([large_deep] * 3) is None
    # Deep but small: a minibatch of 200 rows.
    assert blas_threads([(200, deep, 16)]) == 1
    # Large but shallow: the whole of a 1M x 20 data set in one product.
    assert blas_threads([(1_000_000, 20, 16)]) == 1
    # A one-unit output layer after the large deep product is too little
    # work to count; a wide shallow hidden layer is not.
    assert blas_threads([large_deep, (rows, 16, 1)]) is None
    assert blas_threads([large_deep, (rows, 16, 256)]) == 1
    assert blas_threads([]) == 1


@pytest.mark.parametrize("n_samples", [40_000, 100_000])
def test_losses_products_are_chunks_not_the_whole_data(n_samples):
    # X too large for the column of ones: the products are those of one
    # 16384-row chunk whatever the number of rows (the 1M x 20 case).
    X = np.zeros((n_samples, 20))
    problem = _problem(X, (16,))
    assert problem.blas_products() == [(16384, 20, 16), (16384, 16, 1)]
    assert problem.blas_products(batch_rows=500) == [(500, 20, 16), (500, 16, 1)]
    assert problem.blas_threads() == 1


def test_products_of_small_dense_sparse_and_gradient_passes():
    small = _problem(np.zeros((300, 5)), (8,), n_outputs=3)
    # The column of ones adds one input to the first product.
    assert small.blas_products() == [(300, 6, 8), (300, 8, 3)]
    assert small.blas_products(gradient=True, batch_rows=200) == [
        (200, 5, 8),
        (200, 8, 3),
        (5, 200, 8),
        (8, 200, 3),
        (200, 3, 8),
    ]
    # Rows beyond the data are no product.
    assert small.blas_products(batch_rows=10_000)[0][0] == 300
    sparse = _problem(sp.csr_matrix(np.eye(300, 5)), (8,), n_outputs=3)
    assert sparse.blas_products() == [(300, 8, 3)]
    assert sparse.blas_products(gradient=True, batch_rows=200) == [
        (200, 8, 3),
        (8, 200, 3),
        (200, 3, 8),
    ]


def test_limiter_pins_and_restores():
    before = _blas_threads()
    limiter = limit_blas_threads(None)
    assert _blas_threads() == before
    limiter.restore_original_limits()
    limiter = limit_blas_threads(1)
    assert _blas_threads() == [1] * len(before)
    limiter.restore_original_limits()
    assert _blas_threads() == before
