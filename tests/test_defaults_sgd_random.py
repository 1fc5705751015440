"""Defaults of "sgd-backprop" and of the regressor's derivative-free start."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_diabetes, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from _shared import SEARCH_SOLVERS
from sk_hillclimb import HillClimbMLPClassifier, HillClimbMLPRegressor
from sk_hillclimb._sklearn_compat import InvalidParameterError


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, stratify=y, random_state=0)
    scaler = StandardScaler().fit(Xtr)
    return scaler.transform(Xtr), scaler.transform(Xte), ytr, yte


@pytest.fixture(scope="module")
def diabetes():
    X, y = load_diabetes(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, random_state=0)
    scaler = StandardScaler().fit(Xtr)
    return scaler.transform(Xtr), scaler.transform(Xte), ytr, yte


@pytest.mark.parametrize("solver, rate", [("sgd-backprop", 0.01), ("adam", 0.001)])
def test_auto_learning_rate_is_the_solvers_default(iris, solver, rate):
    Xtr, _, ytr, _ = iris
    params = dict(hidden_layer_sizes=(5,), solver=solver, max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        auto = HillClimbMLPClassifier(**params).fit(Xtr, ytr)
        explicit = HillClimbMLPClassifier(**params, learning_rate_init=rate).fit(
            Xtr, ytr
        )
    assert auto.learning_rate_init == "auto"
    for a, b in zip(auto.coefs_, explicit.coefs_):
        np.testing.assert_array_equal(a, b)


def test_learning_rate_init_refuses_other_strings(iris):
    Xtr, _, ytr, _ = iris
    clf = HillClimbMLPClassifier(solver="sgd-backprop", learning_rate_init="fast")
    with pytest.raises(InvalidParameterError, match="learning_rate_init"):
        clf.fit(Xtr, ytr)


def test_default_sgd_learns_iris_like_mlpclassifier(iris):
    # MLPClassifier(): 0.974 test accuracy here. The rate of 0.001 gave
    # 0.921 and stopped at max_iter=1000 with a ConvergenceWarning.
    Xtr, Xte, ytr, yte = iris
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = HillClimbMLPClassifier(solver="sgd-backprop", random_state=0)
        clf.fit(Xtr, ytr)
    assert clf.score(Xte, yte) == pytest.approx(0.974, abs=1e-3)
    assert clf.n_iter_ < 1000


def test_regressor_searches_in_the_targets_units(diabetes):
    # Random search on targets of 150 +- 77: fresh networks around zero
    # scored R^2 -4.6; drawn around the mean and at the targets' scale,
    # 0.21 to 0.30 over seeds 0-2 (MLPRegressor(): -1.41).
    Xtr, Xte, ytr, yte = diabetes
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        reg = HillClimbMLPRegressor(solver="random", random_state=0).fit(Xtr, ytr)
    assert reg.score(Xte, yte) > 0.15


@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_target_scale_and_shift_by_powers_of_two_change_nothing(diabetes, solver):
    # The output layer starts, draws and steps in units of the targets'
    # standard deviation (a power of two) around their mean: the search on
    # 1024 * y + 512 makes the same moves as on y.
    Xtr, _, ytr, _ = diabetes
    Xtr, ytr = Xtr[:120], ytr[:120]
    params = dict(hidden_layer_sizes=(6,), max_iter=300, random_state=0)
    plain = HillClimbMLPRegressor(solver=solver, **params).fit(Xtr, ytr)
    moved = HillClimbMLPRegressor(solver=solver, **params).fit(Xtr, 1024 * ytr + 512)
    np.testing.assert_allclose(
        moved.predict(Xtr), 1024 * plain.predict(Xtr) + 512, rtol=1e-9
    )


def test_gradient_solvers_keep_mlpregressors_start(diabetes):
    # Centred on zero, as MLPRegressor draws it (the parity tests compare
    # trajectories): one epoch of a tiny rate leaves the intercept near 0.
    Xtr, _, ytr, _ = diabetes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg = HillClimbMLPRegressor(
            (4,), solver="sgd-backprop", learning_rate_init=1e-12, max_iter=1
        ).fit(Xtr, ytr)
        search = HillClimbMLPRegressor((4,), solver="random", max_iter=1).fit(Xtr, ytr)
    assert abs(reg.intercepts_[-1][0]) < 1
    # The search's start predicts the mean give or take a deviation.
    assert abs(search.predict(Xtr).mean() - ytr.mean()) < ytr.std()


def test_warm_start_keeps_the_fitted_weights(diabetes):
    Xtr, _, ytr, _ = diabetes
    reg = HillClimbMLPRegressor(
        (6,), solver="hillclimb", max_iter=50, warm_start=True, random_state=0
    ).fit(Xtr, ytr)
    first = reg.score(Xtr, ytr)
    reg.fit(Xtr, ytr)
    # The kept best never gets worse from where the first fit ended.
    assert reg.score(Xtr, ytr) >= first
    assert len(reg.loss_curve_) == 100
