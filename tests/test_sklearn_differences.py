"""Where our estimators now behave as scikit-learn's do (issue 21's list of
differences): np.inf patience, best_loss_ under early stopping, and the
perceptron's partial_fit argument order."""

import inspect

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import Perceptron
from sklearn.neural_network import MLPClassifier

from _shared import ALL_SOLVERS, GRADIENT_SOLVERS
from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron


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
