"""Persistence: pickle, joblib and skops round trips, and version stamps."""

import io
import pickle

import joblib
import numpy as np
import pytest
from sklearn.datasets import make_classification

from _shared import ALL_SOLVERS, SEARCH_SOLVERS, assert_same_weights
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
    __version__,
)
from sk_hillclimb._base import _STATE_FORMAT

sio = pytest.importorskip("skops.io")

ESTIMATORS = [HillClimbPerceptron, HillClimbMLPClassifier, HillClimbMLPRegressor]
BUILTINS = (type(None), bool, int, float, str)


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        n_samples=150, n_features=5, n_informative=3, n_classes=3, random_state=0
    )
    return X, np.array(["ant", "bee", "cat"])[y]


def _fitted(Estimator, solver, X, y, **params):
    params = {"max_iter": 10, "tol": None, "random_state": 0, **params}
    params["solver"] = solver
    if Estimator is not HillClimbPerceptron:
        params["hidden_layer_sizes"] = (4,)
    if Estimator is HillClimbMLPRegressor:
        y = np.searchsorted(["ant", "bee", "cat"], y).astype(float)
    return Estimator(**params).fit(X, y)


def _assert_same_model(a, b, X):
    assert type(a) is type(b)
    assert_same_weights(a, b)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    if hasattr(a, "decision_function"):
        np.testing.assert_array_equal(a.decision_function(X), b.decision_function(X))
    assert a.loss_curve_ == b.loss_curve_ and a.n_evals_ == b.n_evals_


def _only_arrays_and_builtins(value, path="estimator"):
    if isinstance(value, np.ndarray):
        assert value.dtype != object or all(isinstance(v, str) for v in value.flat)
        return
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _only_arrays_and_builtins(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), path
            _only_arrays_and_builtins(item, f"{path}[{key!r}]")
        return
    assert type(value) in BUILTINS, f"{path} is a {type(value).__name__}"


@pytest.mark.parametrize("early_stopping", [False, True])
@pytest.mark.parametrize("solver", ALL_SOLVERS)
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_fitted_state_is_arrays_and_builtins(Estimator, solver, early_stopping, data):
    clf = _fitted(Estimator, solver, *data, early_stopping=early_stopping)
    _only_arrays_and_builtins(vars(clf))
    _only_arrays_and_builtins(clf.__getstate__())


@pytest.mark.parametrize("solver", ALL_SOLVERS)
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_pickle_and_joblib_round_trips(Estimator, solver, data):
    X, y = data
    clf = _fitted(Estimator, solver, X, y)
    _assert_same_model(pickle.loads(pickle.dumps(clf)), clf, X)
    buffer = io.BytesIO()
    joblib.dump(clf, buffer)
    buffer.seek(0)
    _assert_same_model(joblib.load(buffer), clf, X)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_skops_round_trip_trusts_only_the_estimator_class(Estimator, solver, data):
    X, y = data
    clf = _fitted(Estimator, solver, X, y)
    dumped = sio.dumps(clf)
    # The one type a user must trust: the estimator class itself.
    untrusted = sio.get_untrusted_types(data=dumped)
    assert untrusted == [f"{Estimator.__module__}.{Estimator.__name__}"]
    assert untrusted == [
        {
            HillClimbPerceptron: "sk_hillclimb._perceptron.HillClimbPerceptron",
            HillClimbMLPClassifier: "sk_hillclimb._mlp.HillClimbMLPClassifier",
            HillClimbMLPRegressor: (
                "sk_hillclimb._mlp_regressor.HillClimbMLPRegressor"
            ),
        }[Estimator]
    ]
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException):
        sio.loads(dumped)
    loaded = sio.loads(dumped, trusted=untrusted)
    _assert_same_model(loaded, clf, X)


def test_skops_with_pandas_feature_names(data):
    pd = pytest.importorskip("pandas")
    X, y = data
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    clf = _fitted(HillClimbMLPClassifier, "hillclimb", frame, y)
    dumped = sio.dumps(clf)
    untrusted = sio.get_untrusted_types(data=dumped)
    assert untrusted == ["sk_hillclimb._mlp.HillClimbMLPClassifier"]
    loaded = sio.loads(dumped, trusted=untrusted)
    np.testing.assert_array_equal(loaded.feature_names_in_, clf.feature_names_in_)
    np.testing.assert_array_equal(loaded.predict(frame), clf.predict(frame))


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_training_continues_identically_after_a_round_trip(solver, data):
    # The random generator and the solver state travel with the model: a
    # loaded model continues exactly as the one that never left memory.
    X, y = data
    clf = _fitted(HillClimbMLPClassifier, solver, X, y, warm_start=True)
    dumped = sio.dumps(clf)
    via_skops = sio.loads(dumped, trusted=sio.get_untrusted_types(data=dumped))
    via_pickle = pickle.loads(pickle.dumps(clf))
    if hasattr(clf, "partial_fit"):
        for model in (clf, via_skops, via_pickle):
            model.partial_fit(X, y)
    for model in (clf, via_skops, via_pickle):
        model.fit(X, y)
    _assert_same_model(via_skops, clf, X)
    _assert_same_model(via_pickle, clf, X)


@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_warm_start_draws_continue_the_same_random_stream(solver, data):
    # 10 + 10 warm-started iterations draw exactly what 20 iterations draw.
    # (A fixed step: an adapted one starts again from step_size.)
    X, y = data
    fixed = dict(step_adaptation=None, restart_patience=None)
    warm = _fitted(HillClimbPerceptron, solver, X, y, warm_start=True, **fixed)
    warm = pickle.loads(pickle.dumps(warm)).fit(X, y)
    cold = _fitted(HillClimbPerceptron, solver, X, y, max_iter=20, **fixed)
    assert_same_weights(warm, cold)
    assert warm.loss_curve_ == cold.loss_curve_


def test_pickle_is_stamped_with_the_version(data):
    clf = _fitted(HillClimbPerceptron, "hillclimb", *data)
    state = clf.__getstate__()
    assert state["_sk_hillclimb_version"] == __version__
    assert state["_sk_hillclimb_state_format"] == _STATE_FORMAT
    # the stamps describe the file, not the estimator
    loaded = pickle.loads(pickle.dumps(clf))
    assert "_sk_hillclimb_version" not in vars(loaded)


def test_unknown_state_format_fails_with_a_version_message(data, monkeypatch):
    clf = _fitted(HillClimbMLPClassifier, "hillclimb", *data)
    state = clf.__getstate__()
    state["_sk_hillclimb_version"] = "9.0.0"
    state["_sk_hillclimb_state_format"] = _STATE_FORMAT + 1
    blank = HillClimbMLPClassifier.__new__(HillClimbMLPClassifier)
    with pytest.raises(ValueError, match=r"saved by sk_hillclimb 9\.0\.0.*refit"):
        blank.__setstate__(state)
    # the same through pickle: a file from a newer release
    with monkeypatch.context() as patch:
        patch.setattr(HillClimbMLPClassifier, "__getstate__", lambda self: state)
        newer_file = pickle.dumps(clf)
    with pytest.raises(ValueError, match=r"sk_hillclimb 9\.0\.0 in state format 2"):
        pickle.loads(newer_file)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_pickles_from_0_1_0_still_load(solver, data):
    # sk_hillclimb 0.1.0 stamped nothing and kept the RandomState object
    # itself in ``_random_state``; such a state loads and trains on.
    X, y = data
    clf = _fitted(HillClimbMLPClassifier, solver, X, y, warm_start=True)
    old_state = dict(vars(clf))
    rng = np.random.RandomState()
    rng.set_state(old_state.pop("_rng_state"))
    old_state["_random_state"] = rng
    old = HillClimbMLPClassifier.__new__(HillClimbMLPClassifier)
    old.__setstate__(old_state)
    _assert_same_model(old, clf, X)
    assert not hasattr(old, "_random_state")
    old.fit(X, y)
    clf.fit(X, y)
    _assert_same_model(old, clf, X)
