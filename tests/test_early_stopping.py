"""Early stopping: validation split, scores, patience, best weights restored."""

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_regression

from _shared import ALL_SOLVERS, assert_same_weights
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._early_stopping import BestWeightsMonitor, split_validation
from sk_hillclimb._layout import Layout
from sk_hillclimb._solvers import SOLVERS


@pytest.fixture(scope="module")
def noisy_data():
    """Few noisy samples and a big network: it overfits, so validation
    accuracy peaks early and then falls."""
    return make_classification(
        n_samples=200,
        n_features=20,
        n_informative=3,
        flip_y=0.2,
        random_state=0,
    )


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_best_weights_are_restored(noisy_data, solver):
    # Fit once with tol=None, find the iteration that scored best, refit
    # with max_iter = that iteration (same seed, same split, same path):
    # the restored weights are those weights, exactly.
    X, y = noisy_data
    params = dict(
        hidden_layer_sizes=(200,),
        solver=solver,
        early_stopping=True,
        tol=None,
        learning_rate_init=0.1,
        step_size=0.05,
        # a schedule that does not depend on max_iter ("auto" spans it)
        cooling=0.995,
        # a seed where every solver's best iteration is neither the first
        # nor the last (random search's first network is often its best)
        random_state=5,
    )
    full = HillClimbMLPClassifier(max_iter=150, **params).fit(X, y)
    scores = full.validation_scores_
    assert len(scores) == full.n_iter_ == 150
    assert full.best_validation_score_ == max(scores)
    best = int(np.argmax(scores))
    assert 0 < best < 149
    short = HillClimbMLPClassifier(max_iter=best + 1, **params).fit(X, y)
    assert short.validation_scores_ == scores[: best + 1]
    assert_same_weights(full, short)
    if SOLVERS[solver].uses_gradient:
        # the network overfits: the last epoch is worse than the best one
        assert scores[-1] < full.best_validation_score_


def test_patience_stops_on_the_validation_score(noisy_data):
    X, y = noisy_data
    clf = HillClimbMLPClassifier(
        (50,),
        solver="sgd-backprop",
        learning_rate_init=0.05,
        early_stopping=True,
        n_iter_no_change=5,
        max_iter=500,
        random_state=0,
    ).fit(X, y)
    scores = clf.validation_scores_
    assert clf.n_iter_ < 100 and len(scores) == clf.n_iter_
    # stopped 6 iterations after the last improvement by tol
    best = int(np.argmax(scores))
    assert clf.n_iter_ - 1 - best == 6
    assert all(s < clf.best_validation_score_ + clf.tol for s in scores[best + 1 :])
    # without early stopping the training loss keeps improving much longer
    plain = HillClimbMLPClassifier(
        (50,),
        solver="sgd-backprop",
        learning_rate_init=0.05,
        n_iter_no_change=5,
        max_iter=500,
        random_state=0,
    ).fit(X, y)
    assert plain.n_iter_ > 2 * clf.n_iter_
    assert plain.validation_scores_ is None and plain.best_validation_score_ is None


def test_validation_scores_are_accuracies_on_a_stratified_split():
    # 90 / 10 classes and validation_fraction=0.2: a stratified split holds
    # 18 + 2 samples, so every accuracy is a multiple of 1/20.
    X, y = make_classification(
        n_samples=100, n_features=4, weights=[0.9], flip_y=0, random_state=0
    )
    clf = HillClimbPerceptron(
        early_stopping=True, validation_fraction=0.2, max_iter=30, random_state=0
    ).fit(X, y)
    scaled = np.array(clf.validation_scores_) * 20
    np.testing.assert_allclose(scaled, np.round(scaled), atol=1e-12)
    X_tr, X_val, y_tr, y_val, _, _ = split_validation(
        X, y, None, 0.2, np.random.RandomState(0), stratify=y
    )
    assert len(y_val) == 20 and np.bincount(y_val).tolist() == [18, 2]
    assert len(y_tr) == 80


def test_split_carries_sample_weights_and_refuses_empty_weights():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20) % 2
    sw = np.arange(20.0)
    X_tr, X_val, y_tr, y_val, w_tr, w_val = split_validation(
        X, y, sw, 0.25, np.random.RandomState(0), stratify=y
    )
    np.testing.assert_array_equal(w_tr, X_tr[:, 0] / 2)
    np.testing.assert_array_equal(w_val, X_val[:, 0] / 2)
    with pytest.raises(ValueError, match="part of the early-stopping split are all"):
        split_validation(X, y, np.r_[1.0, np.zeros(19)], 0.5, 0, None)
    with pytest.raises(ValueError, match="validation set is too small"):
        split_validation(X, y, None, 0.05, 0, None)


def test_regressor_scores_r2_on_validation():
    X, y = make_regression(n_samples=200, n_features=5, noise=10.0, random_state=0)
    reg = HillClimbMLPRegressor(
        (20,),
        solver="sgd-backprop",
        learning_rate_init=0.01,
        early_stopping=True,
        validation_fraction=0.2,
        random_state=0,
    ).fit(X, y / y.std())
    assert reg.best_validation_score_ == max(reg.validation_scores_)
    assert 0.8 < reg.best_validation_score_ <= 1.0
    assert reg.validation_scores_[0] < reg.best_validation_score_


def test_monitor_scores_unchanged_weights_only_once():
    calls = []

    def score(Z, y, w):
        calls.append(1)
        return float(-np.abs(Z[:, 0] - y).mean())

    layout = Layout([2, 1])
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([1.0, 1.0, 2.0])
    monitor = BestWeightsMonitor(layout, "identity", X, y, None, score)
    a = np.array([0.5, 0.5, 0.0])
    b = np.array([1.0, 1.0, 0.0])  # a perfect fit
    for theta in (a, a, a.copy(), b, b, a):
        monitor.update(theta)
    assert len(calls) == 3  # a, b, a: repeats are not scored again
    third = -2 / 3  # a predicts [0.5, 0.5, 1]
    assert monitor.scores == [third, third, third, 0.0, 0.0, third]
    assert monitor.best_score == 0.0
    np.testing.assert_array_equal(monitor.best(None), b)
    b[0] = 7.0  # the monitor kept its own copy
    assert monitor.best(None)[0] == 1.0


def test_hill_climbing_scores_only_accepted_steps(noisy_data, monkeypatch):
    X, y = noisy_data
    calls = []
    original = BestWeightsMonitor._score

    def counting(self, theta):
        before = self._last_score, self._last_theta
        result = original(self, theta)
        if self._last_theta is not before[1]:
            calls.append(1)
        return result

    monkeypatch.setattr(BestWeightsMonitor, "_score", counting)
    clf = HillClimbMLPClassifier(
        (10,), early_stopping=True, max_iter=300, tol=None, random_state=0
    ).fit(X, y)
    accepted = 1 + np.count_nonzero(np.diff(clf.loss_curve_))
    assert len(clf.validation_scores_) == 300
    # one forward pass per change of the kept weights, not per iteration
    assert accepted <= len(calls) < 300


def test_partial_fit_refuses_early_stopping():
    X, y = make_classification(n_samples=50, random_state=0)
    clf = HillClimbMLPClassifier(solver="sgd-backprop", early_stopping=True)
    with pytest.raises(ValueError, match="partial_fit does not support"):
        clf.partial_fit(X, y, classes=[0, 1])
    assert not hasattr(clf, "n_iter_")


def test_warm_start_continues_scores_and_never_ends_worse(noisy_data):
    X, y = noisy_data
    clf = HillClimbMLPClassifier(
        (20,),
        solver="sgd-backprop",
        learning_rate_init=0.05,
        early_stopping=True,
        warm_start=True,
        max_iter=20,
        tol=None,
        random_state=0,
    ).fit(X, y)
    assert len(clf.validation_scores_) == 20
    clf.fit(X, y)
    assert len(clf.validation_scores_) == 40 and clf.n_iter_ == 20


def test_verbose_prints_validation_scores(noisy_data, capsys):
    X, y = noisy_data
    HillClimbPerceptron(
        early_stopping=True, max_iter=2, tol=None, verbose=True, random_state=0
    ).fit(X, y)
    assert "Validation score: " in capsys.readouterr().out


@pytest.mark.parametrize("Estimator", [HillClimbPerceptron, HillClimbMLPClassifier])
@pytest.mark.parametrize("solver", ALL_SOLVERS)
@pytest.mark.parametrize(
    "n_samples, fraction, counts, advice",
    [
        (10, 0.1, "1 validation and 9 training samples of 10", "to 0.2 or"),
        (8, 0.9, "8 validation and 0 training samples of 8", "Lower valid"),
        (2, 0.5, "1 validation and 1 training samples of 2", "at least 3"),
    ],
)
def test_too_little_data_for_early_stopping_names_the_parameters(
    Estimator, solver, n_samples, fraction, counts, advice
):
    # Refused before anything is fitted, in words that name what to change
    # (not the splitter's "the resulting train set will be empty").
    X = np.arange(2.0 * n_samples).reshape(n_samples, 2)
    y = np.arange(n_samples) % 2
    for est, target in (
        (Estimator(solver=solver), y),
        (HillClimbMLPRegressor(solver=solver), X[:, 0]),
    ):
        est.set_params(early_stopping=True, validation_fraction=fraction)
        message = (
            f"early_stopping=True with validation_fraction={fraction} leaves "
            f"{counts}.*{advice}"
        )
        with pytest.raises(ValueError, match=message):
            est.fit(X, target)
        assert not hasattr(est, "n_iter_") and not hasattr(est, "n_features_in_")
