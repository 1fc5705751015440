"""Where our estimators now behave as scikit-learn's do: np.inf patience,
best_loss_ under early stopping, the perceptron's partial_fit argument
order, and a divergence under early stopping."""

import inspect
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Perceptron
from sklearn.neural_network import MLPClassifier, MLPRegressor

from _shared import ALL_SOLVERS, GRADIENT_SOLVERS
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=200, n_features=5, random_state=0)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_an_infinite_patience_never_stops_the_fit(solver, data):
    X, y = data
    # a tol no iteration can meet: a patience of 2 stops at the third
    # iteration without improvement after the first, the fourth
    params = dict(solver=solver, tol=10.0, max_iter=25, random_state=0)
    stopped = HillClimbMLPClassifier((4,), n_iter_no_change=2, **params).fit(X, y)
    endless = HillClimbMLPClassifier((4,), n_iter_no_change=np.inf, **params)
    endless.fit(X, y)
    assert stopped.n_iter_ == 4 and endless.n_iter_ == 25


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_best_loss_is_none_under_early_stopping(solver, data):
    X, y = data
    clf = HillClimbMLPClassifier(
        (4,), solver=solver, early_stopping=True, max_iter=20, random_state=0
    ).fit(X, y)
    reference = MLPClassifier((4,), early_stopping=True, max_iter=20).fit(X, y)
    assert clf.best_loss_ is None is reference.best_loss_
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    plain = clf.set_params(early_stopping=False).fit(X, y)
    assert plain.best_loss_ == min(plain.loss_curve_)


@pytest.mark.parametrize("solver", GRADIENT_SOLVERS)
def test_partial_fit_takes_the_arguments_in_scikit_learns_order(solver, data):
    X, y = data
    w = np.linspace(0.5, 1.5, len(y))
    perceptron = HillClimbPerceptron(solver=solver, random_state=0)
    assert list(inspect.signature(perceptron.partial_fit).parameters) == list(
        inspect.signature(Perceptron().partial_fit).parameters
    )
    positional = HillClimbPerceptron(solver=solver, random_state=0)
    positional.partial_fit(X, y, [0, 1], w)
    keywords = perceptron.partial_fit(X, y, classes=[0, 1], sample_weight=w)
    np.testing.assert_array_equal(positional.coef_, keywords.coef_)
    # the MLP keeps MLPClassifier's order (scikit-learn >= 1.7, which added
    # sample_weight before classes)
    theirs = list(inspect.signature(MLPClassifier().partial_fit).parameters)
    ours = inspect.signature(HillClimbMLPClassifier(solver=solver).partial_fit)
    if "sample_weight" in theirs:
        assert list(ours.parameters) == theirs


def _fitted_then_diverging(Estimator, solver, early_stopping):
    """A sane fit, then a warm start whose first epoch diverges."""
    X, y = load_iris(return_X_y=True)
    est = Estimator(
        (8,),
        solver=solver,
        batch_size=10,
        max_iter=20,
        early_stopping=early_stopping,
        warm_start=True,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X, y)
    # The first minibatch's step overflows the next one's loss.
    return est.set_params(learning_rate_init=1e200, max_iter=5), X, y


@pytest.mark.parametrize("Estimator", [HillClimbMLPClassifier, HillClimbMLPRegressor])
@pytest.mark.parametrize("solver", GRADIENT_SOLVERS)
def test_a_divergence_under_early_stopping_keeps_the_validated_weights(
    Estimator, solver
):
    # Only the gradient solvers can diverge: the derivative-free ones never
    # accept a candidate whose loss is not finite.
    est, X, y = _fitted_then_diverging(Estimator, solver, early_stopping=True)
    before = [w.copy() for w in est.coefs_ + est.intercepts_]
    with pytest.warns(ConvergenceWarning, match="became nan at iteration 1.*keeps"):
        est.fit(X, y)
    for a, b in zip(est.coefs_ + est.intercepts_, before):
        np.testing.assert_array_equal(a, b)
    assert est.n_iter_ == 1 and np.isnan(est.loss_curve_[-1])
    # nan for the diverged epoch, as scikit-learn records it
    assert np.isnan(est.validation_scores_[-1])
    assert np.isfinite(est.best_validation_score_)


@pytest.mark.parametrize("solver", GRADIENT_SOLVERS)
def test_without_early_stopping_a_divergence_is_an_error(solver):
    # scikit-learn trains on to max_iter and then refuses the non-finite
    # weights; we stop at the first non-finite loss. Either way, no model.
    est, X, y = _fitted_then_diverging(HillClimbMLPRegressor, solver, False)
    before = est.coefs_[0].copy()
    with pytest.raises(ValueError, match="became nan at iteration 1.*diverged"):
        est.fit(X, y)
    np.testing.assert_array_equal(est.coefs_[0], before)  # as it was


@pytest.mark.parametrize("solver", GRADIENT_SOLVERS)
def test_a_divergence_before_any_validated_weights_is_an_error(solver):
    X, y = load_iris(return_X_y=True)
    est = HillClimbMLPRegressor(
        (8,), solver=solver, learning_rate_init=1e200, batch_size=10
    )
    with pytest.raises(ValueError, match="diverged"):
        est.set_params(early_stopping=True).fit(X, y)


def test_scikit_learns_diverging_fit_keeps_its_best_weights_here_too():
    # scikit-learn's own case: sgd with a constant rate of 1 on iris
    params = dict(
        hidden_layer_sizes=100,
        activation="identity",
        learning_rate_init=1,
        max_iter=20,
        early_stopping=True,
        random_state=0,
    )
    X, y = load_iris(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = MLPRegressor(solver="sgd", **params).fit(X, y)
    with pytest.warns(ConvergenceWarning, match="diverged"):
        ours = HillClimbMLPRegressor(solver="sgd-backprop", **params).fit(X, y)
    for est in (ours, theirs):
        assert np.isnan(est.validation_scores_[-1])
        assert all(np.isfinite(w).all() for w in est.coefs_)


@pytest.mark.parametrize("solver", GRADIENT_SOLVERS)
def test_later_partial_fit_classes_must_be_the_same(solver):
    X, y = [[3.0, 2.0]], [0]
    clf = HillClimbMLPClassifier(solver=solver).partial_fit(X, y, classes=[0, 1])
    clf.partial_fit(X, y, classes=[1, 0])  # the same classes, in any order
    with pytest.raises(ValueError, match=r"`classes=\[1, 2\]` is not the same"):
        clf.partial_fit(X, y, classes=[1, 2])


def test_warm_start_class_errors_are_in_scikit_learns_words(data):
    X, y = data
    y3 = np.arange(len(y)) % 3
    ours = HillClimbMLPClassifier((4,), max_iter=2, warm_start=True).fit(X, y3)
    theirs = MLPClassifier((4,), max_iter=2, warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs.fit(X, y3)
    for other in (y, np.where(y3 == 2, 3, y3)):
        with pytest.raises(ValueError) as ours_error:
            ours.fit(X, other)
        with pytest.raises(ValueError) as their_error:
            theirs.fit(X, other)
        assert str(ours_error.value) == str(their_error.value)


def test_the_online_perceptron_rule_is_scikit_learns_by_partial_fit():
    # fit keeps Gallant's pocket; partial_fit runs the plain rule, which
    # with batches of one row is Rosenblatt's, as Perceptron runs it.
    X, y = load_iris(return_X_y=True)
    t = np.where(y == 1, 1, -1)
    ours = HillClimbPerceptron(solver="sgd-backprop", batch_size=1, shuffle=False)
    for _ in range(2):
        ours.partial_fit(X, t, classes=[-1, 1])
    theirs = Perceptron(shuffle=False, max_iter=2, tol=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs.fit(X, t)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-12)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-12)


@pytest.mark.parametrize("solver", GRADIENT_SOLVERS)
def test_partial_fit_unseen_class_errors_are_in_scikit_learns_words(solver):
    X, y = [[1.0], [2.0]], ["a", "b"]
    ours = HillClimbMLPClassifier(solver=solver).partial_fit(X, y, classes=["a", "b"])
    theirs = MLPClassifier().partial_fit(X, y, classes=["a", "b"])
    with pytest.raises(ValueError) as ours_error:
        ours.partial_fit([[3.0]], ["c"])
    with pytest.raises(ValueError) as their_error:
        theirs.partial_fit([[3.0]], ["c"])
    assert str(ours_error.value) == str(their_error.value)
