"""n_jobs: threads that score candidates, the same bits for any number of them."""

import threading

import joblib
import numpy as np
import pytest
from scipy import sparse
from sklearn import config_context
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV

from _shared import ALL_SOLVERS, POPULATION_SOLVERS, SEARCH_SOLVERS, assert_same_fit
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
    _pool,
    _problem,
)
from sk_hillclimb._layout import Layout
from sk_hillclimb._objectives import OBJECTIVES
from sk_hillclimb._pool import ScoringPool, effective_threads, split_parts
from sk_hillclimb._sklearn_compat import InvalidParameterError
from sk_hillclimb._solvers._streams import RandomRows, generator

ESTIMATORS = [HillClimbMLPClassifier, HillClimbMLPRegressor, HillClimbPerceptron]


class ThreadsSeen:
    """A callback that records the most scoring threads alive during a fit.

    Module-level (and so picklable by reference) for the grid search's
    worker processes; it returns nothing, so the fit goes on.
    """

    def __init__(self):
        self.most = 0

    def __call__(self, progress):
        workers = sum(t.name.startswith("sk_hillclimb") for t in threading.enumerate())
        # The calling thread scores too.
        self.most = max(self.most, workers + 1)


def threads_scorer(estimator, X, y):
    """What ``ThreadsSeen`` saw in the fit this scorer follows."""
    return estimator.callback.most


@pytest.fixture
def every_call_threaded(monkeypatch):
    """No work is too small for a thread: the threaded path always runs."""
    monkeypatch.setattr(_problem, "MIN_WORK_PER_THREAD", 1)
    # -1 means 3 threads, whatever this machine has.
    monkeypatch.setattr(_pool, "available_cores", lambda: 3)


def fit(Estimator, solver, n_jobs, X, y, speculative=True):
    hidden = {} if Estimator is HillClimbPerceptron else {"hidden_layer_sizes": (8,)}
    return Estimator(
        solver=solver,
        max_iter=12,
        tol=None,
        random_state=0,
        speculative=speculative,
        n_jobs=n_jobs,
        **hidden,
    ).fit(X, y)


@pytest.mark.parametrize("speculative", [True, False])
@pytest.mark.parametrize("rows", [150, 2500])
@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_weights_are_the_same_bits_for_every_n_jobs(
    solver, rows, speculative, every_call_threaded
):
    X, y = make_classification(rows, 6, n_informative=4, n_classes=3, random_state=0)
    # 2500 rows: chunks of 1024 rows (three of them), groups of one candidate.
    with config_context(working_memory=2**-10 if rows > 1024 else 1024):
        one, *others = (
            fit(HillClimbMLPClassifier, solver, n_jobs, X, y, speculative)
            for n_jobs in (1, 2, -1)
        )
    for other in others:
        assert_same_fit(one, other)
        assert one.best_loss_curve_ == other.best_loss_curve_


@pytest.mark.parametrize("Estimator", [HillClimbMLPRegressor, HillClimbPerceptron])
@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_other_estimators_same_bits(Estimator, solver, every_call_threaded):
    X, y = make_classification(300, 6, random_state=1)
    assert_same_fit(fit(Estimator, solver, 1, X, y), fit(Estimator, solver, -1, X, y))


@pytest.mark.parametrize("kind", ["sparse", "float32", "weighted"])
@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_same_bits_on_sparse_float32_and_weighted_data(
    solver, kind, every_call_threaded
):
    X, y = make_classification(2500, 6, n_informative=4, random_state=2)
    weights = None
    if kind == "sparse":
        X[np.abs(X) < 1] = 0
        X = sparse.csr_matrix(X)
    elif kind == "float32":
        X = X.astype(np.float32)
    else:
        weights = np.random.RandomState(0).uniform(0, 3, len(y))

    def fitted(n_jobs):
        est = HillClimbMLPClassifier(
            (8,), solver=solver, max_iter=12, tol=None, random_state=0, n_jobs=n_jobs
        )
        return est.fit(X, y, sample_weight=weights)

    with config_context(working_memory=2**-10):
        assert_same_fit(fitted(1), fitted(-1))


def test_the_parts_run_on_several_threads(every_call_threaded, monkeypatch):
    slots = []
    original = ScoringPool.map

    def spy(self, work, parts):
        slots.append(len(parts))
        return original(self, work, parts)

    monkeypatch.setattr(ScoringPool, "map", spy)
    X, y = make_classification(2500, 6, random_state=0)
    with config_context(working_memory=2**-10):
        fit(HillClimbMLPClassifier, "genetic", 2, X, y)
    assert max(slots) == 2


def test_losses_same_bits_chunked_and_threaded(every_call_threaded):
    rng = np.random.RandomState(0)
    X = rng.standard_normal((3000, 7))
    y = rng.randint(0, 3, 3000)
    w = rng.uniform(0, 2, 3000)
    layout = Layout([7, 5, 3])
    thetas = rng.uniform(-1, 1, (9, layout.n_params))
    with config_context(working_memory=2**-10):
        losses = [
            _problem.TrainingProblem(
                layout, X, y, OBJECTIVES["log_loss"], "tanh", 1e-3, w,
                pool=ScoringPool(threads),
            ).losses(thetas)
            for threads in (1, 2, 3)
        ]  # fmt: skip
        # Each candidate alone, on one thread: what speculation relies on.
        serial = _problem.TrainingProblem(
            layout, X, y, OBJECTIVES["log_loss"], "tanh", 1e-3, w
        )
        assert serial._chunk == 1024  # three chunks
        alone = [serial.losses(theta[None])[0] for theta in thetas]
    for other in losses[1:]:
        np.testing.assert_array_equal(losses[0], other)
    np.testing.assert_array_equal(losses[0], alone)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize("n_jobs", [0, 1.5, "2"])
def test_bad_n_jobs_is_refused(Estimator, n_jobs):
    X, y = make_classification(40, 4, random_state=0)
    with pytest.raises(InvalidParameterError, match="'n_jobs' parameter"):
        Estimator(n_jobs=n_jobs).fit(X, y)


def test_effective_threads(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(joblib, "cpu_count", lambda: 8)
    assert effective_threads(None) == 1
    assert effective_threads(3) == 3
    assert effective_threads(-1) == 8
    assert effective_threads(-3) == 6
    assert effective_threads(-20) == 1
    with joblib.parallel_config(n_jobs=4):
        assert effective_threads(None) == 4
    with joblib.parallel_config(n_jobs=-1):
        assert effective_threads(None) == 8
    # joblib's share for each of its process workers (or the user's).
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    assert effective_threads(-1) == 2
    assert effective_threads(5) == 5  # asked for explicitly


def test_parallel_config_sets_the_pool(monkeypatch):
    sizes = []

    class Recorded(ScoringPool):
        def __init__(self, threads=1):
            sizes.append(threads)
            super().__init__(threads)

    from sk_hillclimb import _base

    monkeypatch.setattr(_base, "ScoringPool", Recorded)
    X, y = make_classification(60, 4, random_state=0)
    est = HillClimbMLPClassifier((4,), max_iter=3, tol=None, random_state=0)
    est.fit(X, y)
    with joblib.parallel_config(n_jobs=2):
        est.fit(X, y)
        est.set_params(solver="adam").fit(X, y)  # BLAS's, not ours
    assert sizes == [1, 2, 1]


@pytest.mark.parametrize("counts", [[10, 10, 10, 1], [5], [1, 1, 1, 1, 1, 1, 1]])
def test_split_parts_covers_every_part_in_order(counts):
    for threads in (1, 2, 3):
        runs = split_parts(counts, threads)
        assert [i for run in runs for i in run] == list(range(len(counts)))
        assert 1 <= len(runs) <= threads and all(len(run) for run in runs)


def test_grid_search_workers_take_their_share_of_the_cores(monkeypatch):
    # joblib sets the parent's OMP_NUM_THREADS in its workers when it is set.
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    # Enough work per generation for two threads (see MIN_WORK_PER_THREAD).
    X, y = make_classification(400, 20, n_informative=6, random_state=0)
    grid = {"alpha": [1e-4, 1e-2]}
    scoring = {"score": "accuracy", "threads": threads_scorer}

    def search(n_jobs, workers):
        est = HillClimbMLPClassifier(
            (64,), solver="genetic", max_iter=4, tol=None, random_state=0,
            n_jobs=n_jobs, callback=ThreadsSeen(),
        )  # fmt: skip
        return GridSearchCV(
            est, grid, cv=2, n_jobs=workers, scoring=scoring, refit="score"
        ).fit(X, y)

    threaded, serial = search(-1, 2), search(None, None)
    share = max(joblib.cpu_count() // 2, 1)
    assert threaded.cv_results_["mean_test_threads"].max() == share
    # Outside the workers, the same fit takes every core (two at most
    # here: no call has work for more).
    alone = threaded.best_estimator_.callback
    assert alone.most == min(joblib.cpu_count(), 2)
    assert threaded.best_params_ == serial.best_params_
    np.testing.assert_array_equal(
        threaded.cv_results_["mean_test_score"], serial.cv_results_["mean_test_score"]
    )


def test_split_parts_cuts_at_the_boundary_nearest_the_share():
    # 100,000 rows in chunks of 16,384: the busier thread gets 50,848 rows,
    # not the 65,536 of cutting once the share is reached.
    assert split_parts([16384] * 6 + [1696], 2) == [range(0, 3), range(3, 7)]
    assert split_parts([10, 1, 1], 2) == [range(0, 1), range(1, 3)]
    assert split_parts([1, 1, 10], 2) == [range(0, 2), range(2, 3)]


def spy_on_solver_threads(monkeypatch):
    """Count the solvers' work handed to worker threads outside scoring."""
    handed = []
    row_slices, submit = ScoringPool.row_slices, ScoringPool.submit

    def slices_spy(self, rows, row_values):
        slots = row_slices(self, rows, row_values)
        handed.extend(slots[1:])
        return slots

    def submit_spy(self, work):
        handed.append(work)
        return submit(self, work)

    monkeypatch.setattr(ScoringPool, "row_slices", slices_spy)
    monkeypatch.setattr(ScoringPool, "submit", submit_spy)
    return handed


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_population_solvers_same_bits_with_their_own_threads(solver, monkeypatch):
    # The digits' default network (64-100-10, 7510 weights): large enough
    # that breeding and drawing a generation use the threads, at the real
    # thresholds.
    monkeypatch.setattr(_pool, "available_cores", lambda: 3)
    handed = spy_on_solver_threads(monkeypatch)
    X, y = make_classification(
        200, 64, n_informative=20, n_classes=10, random_state=0
    )  # fmt: skip
    one, *others = (
        HillClimbMLPClassifier(
            (100,), solver=solver, max_iter=6, tol=None, random_state=0,
            n_jobs=n_jobs,
        ).fit(X, y)
        for n_jobs in (1, 2, -1)
    )  # fmt: skip
    assert handed
    for other in others:
        assert_same_fit(one, other)


@pytest.mark.parametrize("hidden", [(2,), (8,), (40,)])
@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_population_solvers_same_bits_when_every_row_is_threaded(
    solver, hidden, monkeypatch
):
    # Every size of search (CMA-ES: full covariance, separable with
    # cumulation, separable with two-point adaptation), no work too small.
    monkeypatch.setattr(_pool, "MIN_VALUES_PER_THREAD", 1)
    monkeypatch.setattr(_pool, "available_cores", lambda: 3)
    X, y = make_classification(150, 6, n_informative=4, n_classes=3, random_state=0)
    one, *others = (
        HillClimbMLPClassifier(
            hidden, solver=solver, max_iter=15, tol=None, random_state=0,
            n_jobs=n_jobs,
        ).fit(X, y)
        for n_jobs in (1, 2, -1)
    )  # fmt: skip
    for other in others:
        assert_same_fit(one, other)


@pytest.mark.parametrize("width", [7510, 3])
def test_random_rows_drawn_on_threads_are_the_same_stream(width):
    """Blocks of U[0, 1) drawn on three threads: the same numbers and states."""
    pool = ScoringPool(3)
    serial, threaded = (
        RandomRows(generator(np.random.SeedSequence(5)), width, "random")
        for _ in range(2)
    )
    sizes = [60, 1, 61, 7, 200, 3]
    for n in sizes:
        np.testing.assert_array_equal(serial.peek(n), threaded.peek(n, pool))
        assert serial.get_state() == threaded.get_state()
        np.testing.assert_array_equal(serial.take(n), threaded.take(n, pool))
        assert serial.get_state() == threaded.get_state()
    # A stream restarted from a saved position goes on with the same rows.
    state = threaded.get_state()
    threaded.take(5000 // width + 3, pool)
    threaded.set_state(state)
    np.testing.assert_array_equal(serial.take(90), threaded.take(90, pool))
    pool.close()
    # The numbers are the generator's own, whatever the block size.
    direct = generator(np.random.SeedSequence(5)).random((sum(sizes) * 2, width))
    np.testing.assert_array_equal(
        RandomRows(generator(np.random.SeedSequence(5)), width, "random").take(
            len(direct), ScoringPool(2)
        ),
        direct,
    )


@pytest.mark.parametrize("draw", ["standard_normal", "random", "uniform"])
def test_rows_drawn_ahead_on_a_worker_are_the_same_stream(draw):
    pool = ScoringPool(2)
    submitted = []
    submit = pool.submit
    pool.submit = lambda work: submitted.append(work) or submit(work)
    serial, ahead = (
        RandomRows(generator(np.random.SeedSequence(6)), 5000, draw) for _ in range(2)
    )
    for n in [30, 30, 1, 45, 30]:
        ahead.draw_ahead(n, pool)
        # Every method waits for the blocks being drawn.
        assert serial.get_state() == ahead.get_state()
        np.testing.assert_array_equal(serial.peek(n), ahead.peek(n))
        np.testing.assert_array_equal(serial.take(n), ahead.take(n))
    ahead.draw_ahead(80, pool)
    state = serial.get_state()
    ahead.set_state(state)
    np.testing.assert_array_equal(serial.take(80), ahead.take(80))
    pool.close()
    # 30 rows and more were drawn on the worker, a single row was not.
    assert len(submitted) == 5
