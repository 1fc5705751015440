"""Memory: scoring a population on many rows stays within working_memory."""

import tracemalloc

import numpy as np
import pytest
from sklearn import config_context

from sk_hillclimb import HillClimbMLPClassifier, _problem
from sk_hillclimb._layout import Layout
from sk_hillclimb._objectives import OBJECTIVES
from sk_hillclimb._problem import TrainingProblem

N_ROWS, N_FEATURES, WIDTH, POPULATION = 6000, 10, 40, 16
# One (P, n_rows, width) float64 array, as an unchunked forward pass makes.
FULL_BYTES = POPULATION * N_ROWS * WIDTH * 8  # 30.7 MB


def _peak_bytes(function):
    tracemalloc.start()
    try:
        result = function()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.fixture(scope="module")
def problem():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(N_ROWS, N_FEATURES))
    y = rng.randint(0, 3, N_ROWS)
    layout = Layout([N_FEATURES, WIDTH, WIDTH, 3])
    problem = TrainingProblem(layout, X, y, OBJECTIVES["log_loss"], "relu", 1e-3)
    thetas = rng.normal(scale=0.3, size=(POPULATION, layout.n_params))
    return problem, thetas


def test_chunked_losses_equal_unchunked_losses_in_bounded_memory(problem, monkeypatch):
    problem, thetas = problem
    args = (
        problem.layout,
        problem.X,
        problem.y,
        problem.objective,
        problem.activation,
        problem.alpha,
    )
    # Chunks and groups are planned when the problem is built; without the
    # cache-sized cap, 1 GiB of working memory gives a single chunk.
    monkeypatch.setattr(_problem, "_CACHE_BYTES", 2**40)
    with config_context(working_memory=1024):
        unchunked = TrainingProblem(*args)
    monkeypatch.undo()
    with config_context(working_memory=0.5):  # 0.5 MiB: about 60 chunks
        small = TrainingProblem(*args)
    whole, whole_peak = _peak_bytes(lambda: unchunked.losses(thetas))
    chunked, chunked_peak = _peak_bytes(lambda: small.losses(thetas))
    # The default: chunks of a few MiB, whatever working_memory allows.
    default, default_peak = _peak_bytes(lambda: problem.losses(thetas))
    np.testing.assert_allclose(default, whole, rtol=1e-13)
    assert default_peak < FULL_BYTES / 3
    np.testing.assert_allclose(chunked, whole, rtol=1e-13)
    # unchunked, the forward pass holds at least one full (P, n, width) array
    assert whole_peak >= FULL_BYTES
    # chunked, everything it allocates stays a small fraction of one
    assert chunked_peak < FULL_BYTES / 10
    print(
        f"peak unchunked {whole_peak / 2**20:.1f} MiB, "
        f"chunked {chunked_peak / 2**20:.2f} MiB"
    )


def test_chunking_does_not_change_a_fit():
    # objective="accuracy": per-chunk error counts are exact integers, so
    # the chunked fit takes exactly the same decisions as the whole one.
    rng = np.random.RandomState(0)
    X = rng.normal(size=(3000, 5))
    y = (X[:, 0] + X[:, 1] ** 2 > 1).astype(int)
    params = dict(objective="accuracy", max_iter=60, tol=None, random_state=0)
    whole = HillClimbMLPClassifier((20,), **params).fit(X, y)
    with config_context(working_memory=0.05):
        chunked = HillClimbMLPClassifier((20,), **params).fit(X, y)
    assert chunked.loss_curve_ == whole.loss_curve_
    for a, b in zip(chunked.coefs_, whole.coefs_):
        np.testing.assert_array_equal(a, b)
