"""Watching a fit: the curves, the callback's snapshots, verbose output and
scikit-learn's callbacks (scikit-learn >= 1.9)."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from _shared import ALL_SOLVERS, SEARCH_SOLVERS, assert_same_weights
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._observe import block_size
from sk_hillclimb._solvers import SOLVERS
from sk_hillclimb.datasets import make_spiral


@pytest.fixture(scope="module")
def split():
    X, y = make_classification(n_samples=400, n_features=8, random_state=0)
    return train_test_split(X, y, test_size=0.25, random_state=0)


def _mlp(solver, **params):
    params.setdefault("tol", None)
    if solver == "anneal":
        # cooling="auto" spans max_iter: a schedule that does not depend on
        # it, so that a fit of k iterations is the first k of a longer one
        params.setdefault("cooling", 0.995)
    return HillClimbMLPClassifier((6,), solver=solver, random_state=0, **params)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_a_snapshot_is_the_fit_that_stopped_there(solver, split):
    X_train, X_test, y_train, y_test = split
    stops = (10, 100, 300)
    snapshots = {}

    def record(progress):
        if progress.n_iter in stops:
            snapshots[progress.n_iter] = progress.fitted_estimator()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        _mlp(solver, max_iter=max(stops), callback=record).fit(X_train, y_train)
        for k in stops:
            stopped = _mlp(solver, max_iter=k).fit(X_train, y_train)
            assert_same_weights(snapshots[k], stopped)
            assert snapshots[k].score(X_test, y_test) == stopped.score(X_test, y_test)
            assert snapshots[k].loss_curve_ == stopped.loss_curve_
            assert snapshots[k].n_iter_ == k == stopped.n_iter_


@pytest.mark.parametrize("Estimator", [HillClimbPerceptron, HillClimbMLPRegressor])
def test_snapshots_of_the_other_estimators_predict(Estimator, split):
    X_train, X_test, y_train, _ = split
    seen = []

    def keep(progress):
        snapshot = progress.fitted_estimator()
        seen.append((snapshot, snapshot.predict(X_test)))

    est = Estimator(max_iter=40, tol=None, random_state=0, callback=keep)
    est.fit(X_train, y_train)
    snapshot, predicted = seen[-1]
    assert_same_weights(snapshot, est)
    # (the same weights in another buffer: BLAS may round the last bit
    # differently)
    np.testing.assert_allclose(predicted, est.predict(X_test), rtol=1e-13)


def test_snapshots_only_inside_the_callback(split):
    X_train, _, y_train, _ = split
    kept = []
    _mlp("hillclimb", max_iter=3, callback=kept.append).fit(X_train, y_train)
    assert [p.n_iter for p in kept] == [1, 2, 3]
    with pytest.raises(RuntimeError, match="inside the callback"):
        kept[0].fitted_estimator()


def test_current_estimator_holds_the_point_of_the_loss(split):
    # annealing walks uphill: the point it holds is not always the best
    X_train, _, y_train, _ = split
    losses = []

    def record(progress):
        current = progress.current_estimator()
        losses.append((progress.loss, 1 - current.score(X_train, y_train)))

    _mlp(
        "anneal",
        objective="accuracy",
        initial_temperature=0.05,
        max_iter=200,
        callback=record,
    ).fit(X_train, y_train)
    loss, error = np.array(losses).T
    np.testing.assert_allclose(loss, error)


def _sklearn_callbacks():
    callback = pytest.importorskip("sklearn.callback")
    pytest.importorskip("rich")
    return callback


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_watching_changes_no_weight(solver, split, capsys):
    X_train, X_test, y_train, y_test = split
    plain = _mlp(solver, max_iter=60).fit(X_train, y_train)

    def look(progress):
        progress.fitted_estimator().score(X_test, y_test)
        progress.current_estimator().predict(X_test)

    watched = _mlp(solver, max_iter=60, callback=look, verbose=True)
    try:
        callback = _sklearn_callbacks()
    except pytest.skip.Exception:
        pass
    else:
        scorer = {"test": lambda est, X, y: est.score(X_test, y_test)}
        watched.set_callbacks(
            callback.ScoringMonitor(scoring=scorer), callback.ProgressBar()
        )
    watched.fit(X_train, y_train)
    assert_same_weights(watched, plain)
    for curve in ("loss_curve_", "best_loss_curve_", "n_evals_curve_", "restarts_"):
        assert getattr(watched, curve) == getattr(plain, curve)
    assert "Iteration 60, loss = " in capsys.readouterr().out


def test_the_curves_of_annealing_show_its_uphill_moves():
    X, y = make_spiral(300, 3, random_state=0)
    clf = HillClimbMLPClassifier(
        (16,), "tanh", solver="anneal", max_iter=3000, random_state=0
    ).fit(X, y)
    current, best = np.array(clf.loss_curve_), np.array(clf.best_loss_curve_)
    # 29 with this seed (190 over the default 20,000 iterations)
    assert np.sum(np.diff(current) > 0) >= 10
    np.testing.assert_array_equal(best, np.minimum.accumulate(current))
    assert clf.best_loss_ == best[-1] < clf.loss_curve_[0]
    assert len(clf.n_evals_curve_) == len(clf.time_curve_) == clf.n_iter_
    assert clf.n_evals_curve_ == list(range(2, clf.n_iter_ + 2))
    assert np.all(np.diff(clf.time_curve_) >= 0) and clf.time_curve_[0] > 0


def test_restarts_are_counted_and_located():
    X, y = make_spiral(30, 3, random_state=0)
    clf = HillClimbMLPClassifier(
        (8,), "tanh", restart_patience=20, max_iter=1000, random_state=0
    ).fit(X, y)
    assert clf.n_restarts_ == len(clf.restarts_) == 5
    curve = np.array(clf.loss_curve_)
    # a restart begins a run from fresh weights: the loss jumps up there
    assert np.all(curve[clf.restarts_] > curve[np.array(clf.restarts_) - 1])
    # the callback is told on the same iterations
    seen = []
    clf.set_params(callback=lambda p: seen.append(p.restarted)).fit(X, y)
    assert np.flatnonzero(seen).tolist() == clf.restarts_


def test_warm_starts_go_on_with_every_curve(split):
    X_train, _, y_train, _ = split
    clf = _mlp("hillclimb", max_iter=20, warm_start=True).fit(X_train, y_train)
    first_time = clf.time_curve_[-1]
    clf.fit(X_train, y_train)
    assert clf.n_iter_ == 20 and clf.n_evals_ == 21
    assert len(clf.loss_curve_) == len(clf.time_curve_) == 40
    # evaluations and seconds count on from the first fit
    assert clf.n_evals_curve_ == list(range(2, 22)) + list(range(22 + 1, 42 + 1))
    assert clf.time_curve_[20] > first_time


@pytest.mark.parametrize(
    "n, size", [(1, 1), (100, 1), (101, 2), (1000, 10), (3000, 50), (10_001, 200)]
)
def test_block_size_is_a_round_number_for_at_most_100_blocks(n, size):
    assert block_size(n) == size
    assert -(-n // size) <= 100


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_verbose_prints_a_line_per_block(solver, split, capsys):
    X_train, _, y_train, _ = split
    _mlp(solver, max_iter=300, verbose=True).fit(X_train, y_train)
    lines = [
        line for line in capsys.readouterr().out.splitlines() if "Iteration" in line
    ]
    # an epoch of a gradient solver, 5 rounds of a derivative-free one
    block = 1 if SOLVERS[solver].uses_gradient else block_size(300)
    assert len(lines) == 300 // block == (300 if block == 1 else 60)
    assert lines[-1].startswith("Iteration 300, loss = ")


class _StopAt:
    """A scikit-learn FitCallback that stops the fit after ``n`` blocks."""

    def __init__(self, n):
        self.n, self.ends = n, []

    def setup(self, estimator, context):
        pass

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
        if context.parent is not None:
            self.ends.append((context.task_name, fitted_estimator.n_iter_))
        return len(self.ends) == self.n


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_a_sklearn_callback_stops_the_fit_like_a_budget(solver, split):
    _sklearn_callbacks()
    X_train, _, y_train, _ = split
    stopper = _StopAt(4)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        stopped = _mlp(solver, max_iter=1000, tol=1e-4).set_callbacks(stopper)
        stopped.fit(X_train, y_train)
    block = 1 if SOLVERS[solver].uses_gradient else 10
    assert stopped.n_iter_ == 4 * block
    assert [n for _, n in stopper.ends] == [block, 2 * block, 3 * block, 4 * block]
    name = "epoch 4" if block == 1 else "iterations 31-40"
    assert stopper.ends[-1][0] == name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reference = _mlp(solver, max_iter=4 * block, tol=1e-4).fit(X_train, y_train)
    assert_same_weights(stopped, reference)


@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_budgets_of_evaluations_stay_within_the_declared_blocks(solver, split):
    callback = _sklearn_callbacks()
    X_train, X_test, y_train, y_test = split
    monitor = callback.ScoringMonitor(scoring="accuracy")
    for budget in dict(max_evals=777), dict(max_time=0.2):
        clf = _mlp(solver, **budget).set_callbacks(monitor)
        clf.fit(X_train, y_train)
        rows = monitor.get_logs().data
        # the root task, then one row per block, the last one the fit's end
        assert rows[0]["task_name"] == "fit" and len(rows) >= 2
        assert rows[0]["accuracy"] == clf.score(X_train, y_train)


def test_scoring_monitor_gives_held_out_accuracy_per_block(split):
    callback = _sklearn_callbacks()
    X_train, X_test, y_train, y_test = split
    monitor = callback.ScoringMonitor(
        scoring={"test": lambda est, X, y: est.score(X_test, y_test)}
    )
    clf = _mlp("hillclimb", max_iter=1000).set_callbacks(monitor)
    clf.fit(X_train, y_train)
    blocks = [row for row in monitor.get_logs().data if row["task_name"] != "fit"]
    assert [row["task_name"] for row in blocks[:2]] == [
        "iterations 1-10",
        "iterations 11-20",
    ]
    assert len(blocks) == 100
    assert blocks[-1]["test"] == clf.score(X_test, y_test)
    assert blocks[0]["test"] < blocks[-1]["test"]


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_progress_bar_in_a_grid_search_changes_no_result(n_jobs, split, capsys):
    callback = _sklearn_callbacks()
    X_train, _, y_train, _ = split

    def search():
        pipe = make_pipeline(
            StandardScaler(), HillClimbMLPClassifier((5,), max_iter=200, random_state=0)
        )
        grid = {"hillclimbmlpclassifier__solver": ["hillclimb", "adam"]}
        return GridSearchCV(pipe, grid, cv=2, n_jobs=n_jobs)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        plain = search().fit(X_train, y_train)
        watched = search().set_callbacks(
            callback.ProgressBar(max_propagation_depth=None)
        )
        watched.fit(X_train, y_train)
    np.testing.assert_array_equal(
        plain.cv_results_["mean_test_score"], watched.cv_results_["mean_test_score"]
    )
    assert plain.best_params_ == watched.best_params_
    assert_same_weights(plain.best_estimator_[-1], watched.best_estimator_[-1])
    out = capsys.readouterr().out
    assert "HillClimbMLPClassifier - fit" in out


def test_set_callbacks_needs_scikit_learn_1_9():
    try:
        import sklearn.callback  # noqa: F401
    except ImportError:
        assert not hasattr(HillClimbMLPClassifier(), "set_callbacks")
    else:
        assert hasattr(HillClimbMLPClassifier(), "set_callbacks")
