"""Property tests: random shapes, dtypes, magnitudes and labels never crash.

Hypothesis draws the structure of a data set (shape, dtype, per-column
magnitude from 1e-300 to 1e300, constant columns, duplicated rows, sparse
or dense, label type, number of classes, balance) and an estimator
configuration; a drawn seed fills in the values. Every property runs a
bounded number of examples, derandomized so CI sees the same cases on
every run.
"""

import re
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _shared import ALL_SOLVERS, weights
from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron
from sk_hillclimb._solvers import SOLVERS

PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# The errors a fit may raise on valid-looking data, each naming its cause.
ALLOWED_ERRORS = re.compile(
    r"diverged|produced non-finite weights|only one class|"
    r"Input X contains infinity"
)

# |values| a dtype can hold: float32 overflows past 3.4e38.
MAX_EXPONENT = {"float64": 300, "float32": 30, "int64": 15, "bool": 0}


@st.composite
def datasets(draw, min_classes=2, max_classes=20):
    """``(X, y)`` with a drawn shape, dtype, magnitude and labels."""
    n_classes = draw(st.integers(min_classes, max_classes))
    n_samples = draw(st.integers(n_classes, max(n_classes, 2) + 40))
    n_features = draw(st.integers(1, 6))
    dtype = draw(st.sampled_from(["float64", "float32", "int64", "bool"]))
    exponents = draw(
        st.lists(
            st.sampled_from([-300, -150, -30, -5, 0, 3, 30, 150, 300]),
            min_size=n_features,
            max_size=n_features,
        )
    )
    rng = np.random.RandomState(draw(st.integers(0, 2**31 - 1)))

    X = rng.normal(size=(n_samples, n_features))
    cap = MAX_EXPONENT[dtype]
    X *= 10.0 ** np.clip(exponents, -cap if dtype != "int64" else 0, cap)
    constant = draw(st.lists(st.integers(0, n_features - 1), max_size=n_features))
    for j in constant:
        X[:, j] = X[0, j]
    n_duplicated = draw(st.integers(0, n_samples // 2))
    if n_duplicated:
        X[-n_duplicated:] = X[rng.randint(0, n_samples - n_duplicated, n_duplicated)]
    if dtype == "int64":
        X = np.round(X).astype(np.int64)
    elif dtype == "bool":
        X = X > 0
    else:
        X = X.astype(dtype)

    kind = draw(st.sampled_from(["int", "negative int", "str", "float"]))
    labels = {
        "int": np.arange(n_classes) * 3,
        "negative int": -np.arange(n_classes) - 1,
        "str": np.array([f"class {k}" for k in range(n_classes)]),
        "float": np.arange(n_classes) - 1.0,
    }[kind]
    if draw(st.booleans()):  # balanced
        index = np.arange(n_samples) % n_classes
    else:  # one class dominates; every other class has one sample
        index = np.zeros(n_samples, dtype=int)
        index[:n_classes] = np.arange(n_classes)
    y = labels[rng.permutation(index)]
    if draw(st.booleans()):
        X = draw(st.sampled_from([sp.csr_matrix, sp.csc_matrix]))(X)
    return X, y


@st.composite
def estimators(draw):
    """A small, fast configuration of either estimator and any solver."""
    solver = draw(st.sampled_from(ALL_SOLVERS))
    gradient = SOLVERS[solver].uses_gradient
    objectives = ["log_loss", "perceptron"] + ([] if gradient else ["accuracy"])
    params = dict(
        solver=solver,
        objective=draw(st.sampled_from(objectives)),
        max_iter=draw(st.integers(1, 8)),
        tol=draw(st.sampled_from([None, 1e-4])),
        alpha=draw(st.sampled_from([0.0, 1e-4, 1.0])),
        step_size=draw(st.sampled_from([1e-3, 0.1, 10.0, 1e10])),
        learning_rate_init=draw(st.sampled_from([1e-3, 0.1, 10.0, 1e10])),
        momentum=draw(st.sampled_from([0.0, 0.9])),
        random_state=draw(st.integers(0, 1000)),
    )
    if draw(st.booleans()):
        activations = ["identity", "logistic", "tanh", "relu"]
        activations += [] if gradient else ["step"]
        params["hidden_layer_sizes"] = draw(
            st.lists(st.integers(1, 6), min_size=0, max_size=2).map(tuple)
        )
        params["activation"] = draw(st.sampled_from(activations))
        return HillClimbMLPClassifier(**params)
    return HillClimbPerceptron(**params)


def _check_predictions(clf, X):
    """Every prediction path gives defined, well-formed answers on X."""
    pred = clf.predict(X)
    assert pred.shape == (X.shape[0],)
    assert np.isin(pred, clf.classes_).all()
    scores = clf.decision_function(X)
    assert np.isfinite(scores).all()
    if hasattr(clf, "predict_proba"):
        proba = clf.predict_proba(X)
        assert proba.shape == (X.shape[0], len(clf.classes_))
        assert np.isfinite(proba).all() and (proba >= 0).all()
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
        # the most probable class is the predicted one
        top = proba.max(axis=1)
        chosen = proba[np.arange(len(pred)), np.searchsorted(clf.classes_, pred)]
        np.testing.assert_array_equal(chosen, top)
        log_proba = clf.predict_log_proba(X)
        assert not np.isnan(log_proba).any()


# sklearn's hint that many classes on few samples may be a regression target
@pytest.mark.filterwarnings("ignore:The number of unique classes:UserWarning")
@PROPERTY_SETTINGS
@given(data=datasets(), clf=estimators())
def test_fit_succeeds_or_names_the_problem(data, clf):
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            clf.fit(X, y)
        except ValueError as exc:
            assert ALLOWED_ERRORS.search(str(exc)), str(exc)
            # a failed fit leaves nothing behind
            assert not hasattr(clf, "n_iter_")
            return
        assert all(np.isfinite(w).all() for w in weights(clf))
        assert np.isfinite(clf.loss_curve_).all()
        assert sorted(clf.classes_) == sorted(set(y))
        _check_predictions(clf, X)


@PROPERTY_SETTINGS
@given(
    clf=estimators(),
    n_classes=st.integers(2, 20),
    exponent=st.sampled_from([-300, -100, 0, 100, 200, 300]),
    seed=st.integers(0, 2**31 - 1),
)
def test_predictions_stay_defined_on_extreme_inputs(clf, n_classes, exponent, seed):
    # Fitted on tame data, then asked about inputs up to the largest float (the network
    # overflows): predictions and probabilities must stay well-formed.
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(3 * n_classes, 3))
    y = np.arange(3 * n_classes) % n_classes
    clf.set_params(tol=None, learning_rate_init=0.1, step_size=0.1).fit(X, y)
    X_extreme = rng.normal(size=(20, 3)) * 10.0**exponent
    X_extreme[0] = np.finfo(np.float64).max
    X_extreme[1] = -np.finfo(np.float64).max
    X_extreme[2, 0] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        _check_predictions(clf, X_extreme)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_non_finite_weights_are_an_error(solver, monkeypatch):
    # A solver that returns non-finite weights while reporting finite
    # losses (the loop cannot see it from the loss) is caught at the end.
    monkeypatch.setattr(
        SOLVERS[solver],
        "result",
        property(lambda self: np.full_like(self.theta, np.inf)),
    )
    # log_loss: the perceptron criterion's pocket would keep finite weights.
    clf = HillClimbPerceptron(
        solver=solver, objective="log_loss", max_iter=2, random_state=0
    )
    with pytest.raises(ValueError, match="produced non-finite weights"):
        clf.fit([[0.0], [1.0], [2.0]], [0, 1, 1])
    assert not hasattr(clf, "coef_")
