"""Weights that cannot be used get an error naming them, for every solver.

And weights that can be used give the same model in float32 as in float64:
they are computed in float64 whatever the dtype of ``X``.
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification

from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._solvers import SOLVERS

CLASSIFIERS = [HillClimbPerceptron, HillClimbMLPClassifier]
ESTIMATORS = [*CLASSIFIERS, HillClimbMLPRegressor]


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        60, 4, n_informative=3, n_redundant=0, n_classes=3, random_state=0
    )
    return X, y


def _estimator(Estimator, solver, **params):
    # alpha=0: the L2 penalty is divided by the sum of the weights (as in
    # sklearn), so only without it is the model independent of their scale.
    params = {"solver": solver, "max_iter": 15, "tol": None, "alpha": 0.0, **params}
    if Estimator is not HillClimbPerceptron:
        params.setdefault("hidden_layer_sizes", (5,))
    if SOLVERS[solver].uses_gradient and Estimator is not HillClimbPerceptron:
        params.setdefault("learning_rate_init", 0.01)
    return Estimator(**params)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("Estimator", CLASSIFIERS)
@pytest.mark.parametrize(
    "class_weight",
    [
        {0: -1.0, 1: 1.0, 2: 1.0},
        {0: np.nan, 1: 1.0, 2: 1.0},
        {0: 1.0, 1: np.inf, 2: 1.0},
    ],
    ids=["negative", "nan", "inf"],
)
def test_class_weight_must_be_finite_and_non_negative(
    Estimator, solver, class_weight, data
):
    X, y = data
    est = _estimator(Estimator, solver, class_weight=class_weight)
    with pytest.raises(ValueError, match="class_weight must give every class"):
        est.fit(X, y)
    assert not hasattr(est, "n_iter_")
    if SOLVERS[solver].uses_gradient:
        with pytest.raises(ValueError, match="class_weight must give every class"):
            est.partial_fit(X, y, classes=[0, 1, 2])
        assert not hasattr(est, "n_iter_")


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("Estimator", CLASSIFIERS)
def test_all_zero_class_weights_are_refused(Estimator, solver, data):
    X, y = data
    est = _estimator(Estimator, solver, class_weight={0: 0.0, 1: 0.0, 2: 0.0})
    with pytest.raises(ValueError, match="sum of sample_weight times class_weight"):
        est.fit(X, y)
    if SOLVERS[solver].uses_gradient:
        with pytest.raises(ValueError, match="sample_weight times class_weight"):
            est.partial_fit(X, y, classes=[0, 1, 2])


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize("weight, what", [(1e307, "overflows"), (5e-324, "underflows")])
def test_weights_whose_sum_leaves_float64_are_refused(
    Estimator, solver, weight, what, data
):
    X, y = data
    est = _estimator(Estimator, solver)
    with pytest.raises(ValueError, match=f"The sum of sample_weight {what}"):
        est.fit(X, y, sample_weight=np.full(len(y), weight))
    assert not hasattr(est, "n_iter_")


def _same_model(a, b, rtol):
    if hasattr(a, "coef_"):
        pairs = [(a.coef_, b.coef_), (a.intercept_, b.intercept_)]
    else:
        pairs = list(zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_))
    for p, q in pairs:
        np.testing.assert_allclose(p, q, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_tiny_weights_work_in_float32(Estimator, solver, data):
    # 1e-50 is 0 in float32: weights are scaled in float64 before they
    # meet X's dtype, so uniform tiny weights are uniform weights.
    X, y = data
    X32 = X.astype(np.float32)
    tiny = _estimator(Estimator, solver, random_state=0).fit(
        X32, y, sample_weight=np.full(len(y), 1e-50)
    )
    unit = _estimator(Estimator, solver, random_state=0).fit(
        X32, y, sample_weight=np.ones(len(y))
    )
    assert tiny.loss_curve_[0] == pytest.approx(unit.loss_curve_[0], rel=1e-6)
    _same_model(tiny, unit, rtol=1e-4)
    if Estimator is HillClimbMLPRegressor:
        np.testing.assert_allclose(tiny.predict(X32), unit.predict(X32), rtol=1e-4)
    else:
        np.testing.assert_array_equal(tiny.predict(X32), unit.predict(X32))


@pytest.mark.parametrize("solver", SOLVERS)
def test_sample_times_class_weights_are_computed_in_float64(solver, data):
    # 1e-30 * 1e-30 underflows float32 but not float64.
    X, y = data
    X32 = X.astype(np.float32)
    est = HillClimbMLPClassifier
    tiny = _estimator(
        est, solver, random_state=0, class_weight={0: 1e-30, 1: 2e-30, 2: 1e-30}
    ).fit(X32, y, sample_weight=np.full(len(y), 1e-30))
    unit = _estimator(
        est, solver, random_state=0, class_weight={0: 1.0, 1: 2.0, 2: 1.0}
    ).fit(X32, y)
    _same_model(tiny, unit, rtol=1e-4)
    np.testing.assert_array_equal(tiny.predict(X32), unit.predict(X32))
