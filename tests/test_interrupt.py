"""The callback parameter, and interrupted fits that keep their work."""

import signal
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning

from _shared import ALL_SOLVERS, SEARCH_SOLVERS, assert_same_weights, weights
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._problem import TrainingProblem
from sk_hillclimb._sklearn_compat import InvalidParameterError
from sk_hillclimb._solvers import SOLVERS


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=300, n_features=6, random_state=0)


def _mlp(solver, **params):
    params.setdefault("max_iter", 50)
    params.setdefault("tol", None)
    return HillClimbMLPClassifier((5,), solver=solver, random_state=0, **params)


def _raise_at(iteration):
    def callback(progress):
        if progress.n_iter == iteration:
            raise KeyboardInterrupt

    return callback


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_callback_sees_iteration_loss_and_evaluations(solver, data):
    X, y = data
    calls = []
    clf = _mlp(solver, max_iter=12, callback=calls.append)
    clf.fit(X, y)
    assert [c.n_iter for c in calls] == list(range(1, 13))
    assert [c.loss for c in calls] == clf.loss_curve_
    assert [c.best_loss for c in calls] == clf.best_loss_curve_
    assert [c.time for c in calls] == clf.time_curve_
    assert all(type(c.loss) is float and type(c.n_evals) is int for c in calls)
    calls = [(c.n_iter, c.loss, c.n_evals) for c in calls]
    # the same evaluations every round (one epoch counts as one), and
    # derivative-free solvers also evaluate the starting point (a whole
    # first population for a genetic algorithm)
    evals = np.array([c[2] for c in calls])
    per_round = evals[1] - evals[0]
    start = evals[0] - per_round
    assert start == 0 if SOLVERS[solver].uses_gradient else start >= 1
    assert per_round >= 1
    np.testing.assert_array_equal(evals, start + per_round * np.arange(1, 13))
    assert calls[-1][2] == clf.n_evals_


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_callback_returning_true_stops_training(solver, data):
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        stopped = _mlp(
            solver, max_iter=1000, tol=1e-4, callback=lambda p: p.n_iter == 7
        ).fit(X, y)
    assert stopped.n_iter_ == 7 and len(stopped.loss_curve_) == 7
    assert_same_weights(stopped, _mlp(solver, max_iter=7).fit(X, y))


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_keyboard_interrupt_keeps_the_best_weights_so_far(solver, data):
    X, y = data
    # (a step large enough for adam to learn something in 20 epochs)
    clf = _mlp(solver, max_iter=1000, callback=_raise_at(20), learning_rate_init=0.01)
    with pytest.warns(UserWarning, match="interrupted .* after 20 iterations"):
        clf.fit(X, y)
    assert clf.n_iter_ == 20 and len(clf.loss_curve_) == 20
    # the weights are those of an uninterrupted 20-iteration run
    reference = _mlp(solver, max_iter=20, learning_rate_init=0.01).fit(X, y)
    assert_same_weights(clf, reference)
    np.testing.assert_array_equal(clf.predict(X), reference.predict(X))
    np.testing.assert_array_equal(clf.predict_proba(X), reference.predict_proba(X))
    assert clf.loss_curve_ == reference.loss_curve_
    assert clf.score(X, y) > 0.6
    if not SOLVERS[solver].uses_gradient:
        # derivative-free solvers keep the best point they evaluated
        assert clf.best_loss_ == min(clf.loss_curve_) == min(clf.best_loss_curve_)
    # and the estimator goes on working: warm start from the kept weights
    clf.set_params(callback=None, max_iter=5, warm_start=True).fit(X, y)
    assert clf.n_iter_ == 5 and len(clf.loss_curve_) == 25


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_regressor_interrupted_keeps_the_weights_so_far(solver, data):
    X, y = data
    params = dict(solver=solver, tol=None, random_state=0, learning_rate_init=0.01)
    clf = HillClimbMLPRegressor((5,), max_iter=1000, callback=_raise_at(15), **params)
    with pytest.warns(UserWarning, match="after 15 iterations"):
        clf.fit(X, y)
    reference = HillClimbMLPRegressor((5,), max_iter=15, **params).fit(X, y)
    assert_same_weights(clf, reference)
    np.testing.assert_array_equal(clf.predict(X), reference.predict(X))


def test_perceptron_interrupted_predicts_with_its_best_accuracy(data):
    # objective="accuracy": the kept weights' training error is best_loss_
    X, y = data
    clf = HillClimbPerceptron(
        objective="accuracy", max_iter=1000, tol=None, random_state=0
    )
    clf.set_params(callback=_raise_at(60))
    with pytest.warns(UserWarning, match="interrupted"):
        clf.fit(X, y)
    assert clf.n_iter_ == 60
    assert 1 - clf.score(X, y) == pytest.approx(clf.best_loss_)
    assert clf.best_loss_ < clf.loss_curve_[0]


def test_ctrl_c_signal_during_fit(data):
    # A real SIGINT, as Ctrl-C sends, handled by Python's default handler.
    X, y = data

    def press_ctrl_c(progress):
        if progress.n_iter == 10:
            signal.raise_signal(signal.SIGINT)

    clf = _mlp("hillclimb", max_iter=1000, callback=press_ctrl_c)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.warns(UserWarning, match="KeyboardInterrupt"):
            clf.fit(X, y)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert 10 <= clf.n_iter_ <= 11
    assert np.isin(clf.predict(X), clf.classes_).all()


@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_interrupt_inside_an_evaluation(solver, data, monkeypatch):
    # Ctrl-C usually lands in the costly part: scoring the candidates.
    X, y = data
    original = TrainingProblem.losses
    calls = []

    def interrupted_losses(self, thetas):
        calls.append(1)
        if len(calls) == 11:  # the start point, then iterations 1..10
            raise KeyboardInterrupt
        return original(self, thetas)

    monkeypatch.setattr(TrainingProblem, "losses", interrupted_losses)
    # One losses call per iteration: no speculative batching of iterations.
    clf = _mlp(solver, max_iter=1000, speculative=False)
    with pytest.warns(UserWarning, match="after 9 iterations"):
        clf.fit(X, y)
    monkeypatch.setattr(TrainingProblem, "losses", original)
    assert_same_weights(clf, _mlp(solver, max_iter=9).fit(X, y))


def test_interrupt_inside_an_sgd_epoch(data, monkeypatch):
    X, y = data
    original = TrainingProblem.loss_and_gradient
    calls = []

    def interrupted(self, theta, rows=None):
        calls.append(1)
        if len(calls) == 8:  # 2 minibatches per epoch: inside epoch 4
            raise KeyboardInterrupt
        return original(self, theta, rows)

    monkeypatch.setattr(TrainingProblem, "loss_and_gradient", interrupted)
    clf = _mlp("sgd-backprop", max_iter=1000, batch_size=150)
    with pytest.warns(UserWarning, match="after 3 iterations"):
        clf.fit(X, y)
    assert clf.n_iter_ == 3 and clf.n_evals_ == 3
    assert all(np.isfinite(w).all() for w in weights(clf))
    assert np.isin(clf.predict(X), clf.classes_).all()


@pytest.mark.parametrize("at_call", [1, 2])
def test_interrupt_before_any_iteration_leaves_estimator_as_it_was(
    at_call, data, monkeypatch
):
    # Interrupted while scoring the start point (call 1) or inside the
    # first iteration (call 2): no iteration finished, nothing to keep, so
    # the interrupt goes on and the estimator is left as it was.
    X, y = data
    original = TrainingProblem.losses
    calls = []

    def interrupted_losses(self, thetas):
        calls.append(1)
        if len(calls) == at_call:
            raise KeyboardInterrupt
        return original(self, thetas)

    clf = _mlp("hillclimb")
    monkeypatch.setattr(TrainingProblem, "losses", interrupted_losses)
    with pytest.raises(KeyboardInterrupt):
        clf.fit(X, y)
    assert not hasattr(clf, "n_iter_") and not hasattr(clf, "coefs_")
    monkeypatch.setattr(TrainingProblem, "losses", original)
    clf.fit(X, y)
    before = [w.copy() for w in weights(clf)]
    calls.clear()
    monkeypatch.setattr(TrainingProblem, "losses", interrupted_losses)
    with pytest.raises(KeyboardInterrupt):
        clf.fit(X[:100], y[:100])
    for w, w0 in zip(weights(clf), before):
        np.testing.assert_array_equal(w, w0)
    assert clf.n_iter_ == 50


def test_partial_fit_calls_the_callback_once(data):
    X, y = data
    calls = []
    clf = _mlp("sgd-backprop", callback=calls.append)
    clf.partial_fit(X, y, classes=[0, 1]).partial_fit(X, y)
    # n_iter as n_iter_ would be: the iterations of this call.
    assert [c.n_iter for c in calls] == [1, 1]


@pytest.mark.parametrize("Estimator", [HillClimbPerceptron, HillClimbMLPClassifier])
def test_callback_must_be_callable(Estimator, data):
    X, y = data
    with pytest.raises(InvalidParameterError, match="'callback' parameter"):
        Estimator(callback="print").fit(X, y)
