"""The gradient solvers against scikit-learn's MLP, weight for weight.

From the same initial weights, on the same batches, our
``"sgd-backprop"`` with each learning-rate schedule and our ``"adam"``
must follow the trajectories of ``MLPClassifier(solver="sgd")`` and
``MLPClassifier(solver="adam")``: same losses, same stopping epoch, same
weights to about 1e-10 (the gradients agree to rounding).
"""

import inspect
import re
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Perceptron
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from _shared import record_initial_weights, start_from
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._sklearn_compat import InvalidParameterError
from sk_hillclimb._solvers import SOLVERS

OURS = {MLPClassifier: HillClimbMLPClassifier, MLPRegressor: HillClimbMLPRegressor}
SOLVER_NAMES = {"sgd": "sgd-backprop", "adam": "adam"}


def _data(Reference, n_classes=2):
    if Reference is MLPRegressor:
        # One target: with several, sklearn's gradient is that of the sum of
        # the squared errors over the targets while its loss (and ours, and
        # our gradient) averages them.
        X, y = make_regression(150, 4, noise=5.0, random_state=0)
        return StandardScaler().fit_transform(X), y / y.std()
    X, y = make_classification(
        150, 4, n_informative=3, n_redundant=0, n_classes=n_classes, random_state=0
    )
    return StandardScaler().fit_transform(X), y


def _fit_both(Reference, X, y, fits=1, partial=None, **params):
    """Fit scikit-learn's estimator, then ours from its initial weights.

    ``fits`` warm-started calls to ``fit``, or one ``partial_fit`` per
    slice in ``partial``. Returns both estimators.
    """
    params = {
        "hidden_layer_sizes": (7, 5),
        "activation": "tanh",
        "batch_size": 32,
        "shuffle": False,
        "random_state": 0,
        "warm_start": fits > 1,
        # scikit-learn's default; ours is "auto" (0.01 for "sgd-backprop").
        "learning_rate_init": 0.001,
        **params,
    }
    ref = Reference(**params)
    # The initial weights scikit-learn draws, layer by layer.
    init = record_initial_weights(ref)
    ours = OURS[Reference](**{**params, "solver": SOLVER_NAMES[params["solver"]]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if partial is None:
            for _ in range(fits):
                ref.fit(X, y)
        else:
            classes = {"classes": np.unique(y)} if Reference is MLPClassifier else {}
            for rows in partial:
                ref.partial_fit(X[rows], y[rows], **classes)
        start_from(ours, init)
        if partial is None:
            for _ in range(fits):
                ours.fit(X, y)
        else:
            for rows in partial:
                ours.partial_fit(X[rows], y[rows], **classes)
    return ref, ours


def _assert_same_trajectory(ref, ours, atol=1e-10):
    assert len(ours.loss_curve_) == len(ref.loss_curve_)
    np.testing.assert_allclose(ours.loss_curve_, ref.loss_curve_, rtol=1e-10)
    for a, b in zip(ours.coefs_ + ours.intercepts_, ref.coefs_ + ref.intercepts_):
        np.testing.assert_allclose(a, b, rtol=0, atol=atol)
    assert ours.t_ == ref.t_


@pytest.mark.parametrize(
    "Reference, n_classes",
    [(MLPClassifier, 2), (MLPClassifier, 3), (MLPRegressor, None)],
)
@pytest.mark.parametrize(
    "params",
    [
        {"solver": "adam", "learning_rate_init": 0.01},
        {"solver": "adam", "beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-4},
        {"solver": "sgd", "learning_rate": "constant", "learning_rate_init": 0.05},
        {"solver": "sgd", "learning_rate": "invscaling", "learning_rate_init": 0.5},
        {
            "solver": "sgd",
            "learning_rate": "invscaling",
            "power_t": 0.25,
            "nesterovs_momentum": False,
        },
    ],
)
def test_same_weights_as_sklearn(Reference, n_classes, params):
    X, y = _data(Reference, n_classes)
    ref, ours = _fit_both(
        Reference,
        X,
        y,
        max_iter=25,
        alpha=0.01,
        tol=0.0,
        n_iter_no_change=100,
        **params,
    )
    assert ref.n_iter_ == ours.n_iter_ == 25
    _assert_same_trajectory(ref, ours)


@pytest.mark.parametrize("Reference", [MLPClassifier, MLPRegressor])
def test_adaptive_rate_falls_and_stops_like_sklearn(Reference):
    # A large tol makes the rule fire every few epochs: the rate is divided
    # by 5 each time, and training stops when the rule fires at 1e-6 or
    # less, well before max_iter.
    X, y = _data(Reference)
    ref, ours = _fit_both(
        Reference,
        X,
        y,
        solver="sgd",
        learning_rate="adaptive",
        learning_rate_init=0.2,
        max_iter=500,
        tol=1e-2,
        n_iter_no_change=2,
    )
    assert ref._optimizer.learning_rate <= 1e-6
    assert ours._solver_state["lr"] == pytest.approx(ref._optimizer.learning_rate)
    # 0.2 / 5**k <= 1e-6 after k = 8 divisions, 3 epochs each at least.
    assert 8 * 3 < ours.n_iter_ == ref.n_iter_ < 500
    _assert_same_trajectory(ref, ours)


def test_without_adaptive_the_tol_rule_stops_like_sklearn():
    # Without "adaptive" (Adam ignores it), the rule stops training at
    # once, as in sklearn.
    X, y = _data(MLPClassifier)
    for solver in ("sgd", "adam"):
        ref, ours = _fit_both(
            MLPClassifier,
            X,
            y,
            solver=solver,
            learning_rate="adaptive" if solver == "adam" else "constant",
            max_iter=500,
            tol=1e-2,
            n_iter_no_change=2,
        )
        assert ours.n_iter_ == ref.n_iter_ < 50
        _assert_same_trajectory(ref, ours)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_warm_start_continues_the_time_step(solver):
    # A warm fit starts a new optimizer (sklearn does too: Adam's moments
    # and step count start again) but t_ goes on, so "invscaling" resumes
    # at the rate it had reached.
    X, y = _data(MLPClassifier)
    ref, ours = _fit_both(
        MLPClassifier,
        X,
        y,
        fits=3,
        solver=solver,
        learning_rate="invscaling",
        learning_rate_init=0.5 if solver == "sgd" else 0.01,
        max_iter=4,
        tol=0.0,
        n_iter_no_change=100,
    )
    assert ours.t_ == ref.t_ == 3 * 4 * len(y)
    _assert_same_trajectory(ref, ours)


@pytest.mark.parametrize("Reference", [MLPClassifier, MLPRegressor])
@pytest.mark.parametrize(
    "params",
    [
        {"solver": "adam", "learning_rate_init": 0.01},
        {"solver": "sgd", "learning_rate": "invscaling", "learning_rate_init": 0.5},
    ],
)
def test_partial_fit_keeps_the_solver_state_like_sklearn(Reference, params):
    # Adam's moments and step count, and SGD's velocity and rate, carry
    # over between calls: 12 calls on slices of 50 rows as sklearn.
    X, y = _data(Reference)
    slices = [slice(start, start + 50) for start in (0, 50, 100)] * 4
    ref, ours = _fit_both(
        Reference, X, y, partial=slices, tol=0.0, n_iter_no_change=100, **params
    )
    assert ours.t_ == ref.t_ == 12 * 50
    _assert_same_trajectory(ref, ours)
    if params["solver"] == "adam":
        # 2 minibatches (32 + 18 rows) per call
        assert ref._optimizer.t == ours._solver_state["t"] == 24


# -- names and defaults as in scikit-learn -------------------------------------


@pytest.mark.parametrize("Estimator", list(OURS.values()) + [HillClimbPerceptron])
def test_sklearn_solver_names_get_a_hint(Estimator):
    X, y = _data(MLPClassifier)
    with pytest.raises(
        InvalidParameterError,
        match=r"'solver' parameter.*Got 'sgd'.*did you mean solver='sgd-backprop'",
    ):
        Estimator(solver="sgd").fit(X, y)
    with pytest.raises(
        InvalidParameterError,
        match=r"'solver' parameter.*'lbfgs' is not available.*"
        + re.escape(str(sorted(k for k, v in SOLVERS.items() if v.uses_gradient))),
    ):
        Estimator(solver="lbfgs").fit(X, y)
    # still a ValueError, as scikit-learn's parameter errors are
    with pytest.raises(ValueError, match="'solver' parameter"):
        Estimator(solver="sgd").fit(X, y)


def test_perceptron_default_fits_are_equal_as_sklearns():
    X, y = _data(MLPClassifier)
    assert HillClimbPerceptron().random_state == Perceptron().random_state == 0
    for solver in SOLVERS:
        a = HillClimbPerceptron(solver=solver, max_iter=20).fit(X, y)
        b = HillClimbPerceptron(solver=solver, max_iter=20).fit(X, y)
        np.testing.assert_array_equal(a.coef_, b.coef_)
        np.testing.assert_array_equal(a.intercept_, b.intercept_)


@pytest.mark.parametrize(
    "ours, reference",
    [
        (HillClimbMLPClassifier, MLPClassifier),
        # as Perceptron: classes third (issue 21)
        (HillClimbPerceptron, Perceptron),
        (HillClimbMLPRegressor, MLPRegressor),
    ],
)
def test_partial_fit_takes_sklearns_arguments_in_order(ours, reference):
    def names(method):
        return list(inspect.signature(method).parameters)

    if "sample_weight" not in names(reference().partial_fit):
        pytest.skip("scikit-learn < 1.7: partial_fit takes no sample_weight")
    assert names(ours(solver="adam").partial_fit) == names(reference().partial_fit)


def test_partial_fit_sample_weight_is_the_third_argument():
    # sklearn >= 1.7: partial_fit(X, y, sample_weight=None, classes=None)
    X, y = _data(MLPClassifier)
    w = np.where(y == 1, 3.0, 1.0)
    params = dict(solver="sgd-backprop", shuffle=False, random_state=0)
    positional = HillClimbMLPClassifier(**params).partial_fit(X, y, w, [0, 1])
    named = HillClimbMLPClassifier(**params).partial_fit(
        X, y, classes=[0, 1], sample_weight=w
    )
    unweighted = HillClimbMLPClassifier(**params).partial_fit(X, y, classes=[0, 1])
    np.testing.assert_array_equal(positional.coefs_[0], named.coefs_[0])
    assert not np.allclose(positional.coefs_[0], unweighted.coefs_[0])


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return MinMaxScaler().fit_transform(X[:500]), y[:500]


@pytest.mark.parametrize("solver", ["sgd", "adam"])
@pytest.mark.parametrize(
    "budget",
    [
        # ten epochs, weight for weight
        {"max_iter": 10, "tol": 0.0, "n_iter_no_change": 100},
        # the default tol rule decides when to stop, in both
        {"max_iter": 1000},
    ],
)
def test_shuffled_epochs_are_sklearns(solver, budget, digits):
    # Each epoch shuffles the previous epoch's order again, drawing from the
    # generator that drew the initial weights: the same rows in the same
    # batches, so the same weights from the same random_state.
    X, y = digits
    params = dict(hidden_layer_sizes=(16,), random_state=0, shuffle=True, **budget)
    params["learning_rate_init"] = 0.01
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref = MLPClassifier(solver=solver, **params).fit(X, y)
        ours = HillClimbMLPClassifier(solver=SOLVER_NAMES[solver], **params).fit(X, y)
    assert ours.n_iter_ == ref.n_iter_
    if budget["max_iter"] == 10:
        assert ref.n_iter_ == 10
    else:
        assert ref.n_iter_ < 1000  # the tol rule stopped it
    _assert_same_trajectory(ref, ours, atol=1e-12)
