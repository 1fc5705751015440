"""solver="adam": the solver itself, its parameters and its state."""

import pickle

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.preprocessing import StandardScaler

from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._sklearn_compat import InvalidParameterError
from sk_hillclimb._solvers import SOLVERS, Adam, SearchSolver

ESTIMATORS = [HillClimbPerceptron, HillClimbMLPClassifier, HillClimbMLPRegressor]


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        200, 5, n_informative=3, n_redundant=0, n_classes=3, random_state=0
    )
    return StandardScaler().fit_transform(X), y


def _adam(**params):
    params = {
        "hidden_layer_sizes": (8,),
        "solver": "adam",
        "learning_rate_init": 0.01,
        "batch_size": 50,
        "max_iter": 30,
        "tol": None,
        "random_state": 0,
        **params,
    }
    return HillClimbMLPClassifier(**params)


def test_registered_as_a_gradient_solver():
    assert SOLVERS["adam"] is Adam
    assert Adam.uses_gradient
    assert hasattr(_adam(), "partial_fit")
    # A plain Solver: no random streams of its own.
    assert not issubclass(Adam, SearchSolver)


def test_first_step_moves_every_weight_by_the_learning_rate():
    # After one step m / sqrt(v) = sign(grad) (bias-corrected): each
    # weight moves by learning_rate_init, whatever its gradient's scale.
    grad = np.array([1e-3, -5.0, 200.0, 0.0])
    solver = Adam(
        np.zeros(4),
        learning_rate_init=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
    )
    solver.tell(solver.ask(), np.array([1.0]), grad[None])
    # (epsilon shows in the smallest gradient: 1e-8 against 3e-5)
    np.testing.assert_allclose(solver.theta, [-0.1, 0.1, -0.1, 0.0], rtol=1e-3)
    assert solver.t == 1 and solver.loss == 1.0


def test_learns_every_estimator(data):
    X, y = data
    # sklearn's MLPClassifier(solver="adam") with these settings: 0.855.
    clf = _adam(max_iter=60).fit(X, y)
    assert clf.score(X, y) >= 0.84
    assert clf.loss_curve_[-1] < 0.5 * clf.loss_curve_[0]
    reg = HillClimbMLPRegressor(
        (8,), solver="adam", learning_rate_init=0.01, max_iter=100, random_state=0
    ).fit(X, X[:, 0] - 2 * X[:, 1])
    assert reg.score(X, X[:, 0] - 2 * X[:, 1]) > 0.95
    per = HillClimbPerceptron(solver="adam", learning_rate_init=0.01, max_iter=50)
    # As the perceptron rule by "sgd-backprop" on these data: 0.765.
    assert per.fit(X, y).score(X, y) > 0.75


def test_learning_rate_schedules_do_not_change_adam(data):
    # As in sklearn, the schedules belong to "sgd-backprop".
    X, y = data
    constant = _adam().fit(X, y)
    for schedule in ("invscaling", "adaptive"):
        other = _adam(learning_rate=schedule, power_t=0.9).fit(X, y)
        for a, b in zip(other.coefs_, constant.coefs_):
            np.testing.assert_array_equal(a, b)


def test_betas_and_epsilon_change_the_trajectory(data):
    X, y = data
    base = _adam(max_iter=5).fit(X, y)
    for params in ({"beta_1": 0.5}, {"beta_2": 0.9}, {"epsilon": 1e-1}):
        other = _adam(max_iter=5, **params).fit(X, y)
        assert not np.allclose(other.coefs_[0], base.coefs_[0])


def test_partial_fit_keeps_moments_and_step_count(data):
    # Two partial_fit calls are the epochs of one fit without shuffling;
    # a fresh solver each call (moments lost) would differ.
    X, y = data
    whole = _adam(max_iter=2, shuffle=False).fit(X, y)
    parts = _adam(shuffle=False)
    parts.partial_fit(X, y, classes=np.unique(y)).partial_fit(X, y)
    assert parts._solver_state["t"] == 2 * 4  # 200 rows in batches of 50
    for a, b in zip(parts.coefs_ + parts.intercepts_, whole.coefs_ + whole.intercepts_):
        np.testing.assert_array_equal(a, b)
    assert parts.loss_curve_ == whole.loss_curve_
    assert parts.t_ == whole.t_ == 2 * len(y)


def test_state_survives_pickle_and_skops(data):
    sio = pytest.importorskip("skops.io")
    X, y = data
    clf = _adam(shuffle=False)
    clf.partial_fit(X, y, classes=np.unique(y))
    dumped = sio.dumps(clf)
    loaded = [
        pickle.loads(pickle.dumps(clf)),
        sio.loads(dumped, trusted=sio.get_untrusted_types(data=dumped)),
    ]
    for model in [clf, *loaded]:
        model.partial_fit(X, y)
    for model in loaded:
        for a, b in zip(model.coefs_, clf.coefs_):
            np.testing.assert_array_equal(a, b)
        assert model._solver_state["t"] == clf._solver_state["t"] == 8


@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize(
    "param, value",
    [
        ("beta_1", 1.0),
        ("beta_1", -0.1),
        ("beta_2", 1.0),
        ("epsilon", 0.0),
        ("power_t", -1.0),
        ("learning_rate", "optimal"),
    ],
)
def test_bad_values_name_the_parameter(Estimator, param, value, data):
    X, y = data
    est = Estimator(solver="adam", **{param: value})
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter"):
        est.fit(X, y)
