"""Sparse input: CSR and CSC matrices train and predict without densifying."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_classification

from _shared import ALL_SOLVERS, weights
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._problem import TrainingProblem
from sk_hillclimb._solvers import SOLVERS

FORMATS = [sp.csr_matrix, sp.csc_matrix, sp.csr_array, sp.csc_array]


@pytest.fixture(scope="module")
def sparse_data():
    """Bag-of-words-like data: 90% zeros, 3 classes."""
    X, y = make_classification(
        n_samples=240,
        n_features=40,
        n_informative=8,
        n_classes=3,
        random_state=0,
    )
    rng = np.random.RandomState(0)
    X[rng.uniform(size=X.shape) < 0.9] = 0.0
    return X, y


def _estimator(Estimator, solver):
    params = dict(solver=solver, max_iter=200, tol=None, random_state=0)
    if Estimator is HillClimbMLPClassifier:
        params["hidden_layer_sizes"] = (6,)
    params["learning_rate_init"] = 0.05  # (only the gradient solvers take it)
    return Estimator(**params)


@pytest.mark.parametrize("to_sparse", FORMATS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("solver", ALL_SOLVERS)
@pytest.mark.parametrize("Estimator", [HillClimbPerceptron, HillClimbMLPClassifier])
def test_sparse_fit_and_predict_match_dense(Estimator, solver, to_sparse, sparse_data):
    X, y = sparse_data
    Xs = to_sparse(X)
    dense = _estimator(Estimator, solver).fit(X, y)
    sparse = _estimator(Estimator, solver).fit(Xs, y)
    # Same draws, same products up to rounding: the same training run.
    np.testing.assert_allclose(sparse.loss_curve_, dense.loss_curve_, rtol=1e-9)
    for a, b in zip(weights(sparse), weights(dense)):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(sparse.predict(Xs), dense.predict(X))
    # and a dense-fitted model predicts sparse input exactly as dense
    np.testing.assert_array_equal(dense.predict(Xs), dense.predict(X))
    np.testing.assert_allclose(
        dense.decision_function(Xs), dense.decision_function(X), rtol=1e-12, atol=1e-14
    )
    if hasattr(dense, "predict_proba"):
        np.testing.assert_allclose(
            dense.predict_proba(Xs), dense.predict_proba(X), rtol=1e-12, atol=1e-14
        )
    # it learned something: the loss went down (random search on 40
    # features barely beats chance, 1/3, in 200 draws: 0.367 for the MLP).
    # Not so the perceptron criterion (the objective of a perceptron trained
    # on gradients), which is 0 at the perceptron's zero start: the score
    # below says what it learned.
    solver_cls = SOLVERS[solver]
    if not (Estimator is HillClimbPerceptron and solver_cls.uses_gradient):
        assert dense.loss_curve_[-1] < dense.loss_curve_[0]
    assert dense.score(X, y) > (0.35 if solver_cls.poor_score else 0.37)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_training_never_densifies(solver, sparse_data, monkeypatch):
    # The problem the solvers evaluate holds the matrix in CSR form (rows
    # are sliced for minibatches and loss chunks), never a dense copy.
    X, y = sparse_data
    seen = []
    original = TrainingProblem.__init__

    def spy(self, layout, X, *args, **kwargs):
        seen.append(X)
        original(self, layout, X, *args, **kwargs)

    monkeypatch.setattr(TrainingProblem, "__init__", spy)
    _estimator(HillClimbMLPClassifier, solver).fit(sp.csc_matrix(X), y)
    assert len(seen) == 1 and sp.issparse(seen[0]) and seen[0].format == "csr"
    assert seen[0].nnz == np.count_nonzero(X)


def test_partial_fit_on_sparse_batches(sparse_data):
    X, y = sparse_data
    Xs = sp.csr_matrix(X)
    clf = HillClimbMLPClassifier((6,), solver="sgd-backprop", random_state=0)
    ref = HillClimbMLPClassifier((6,), solver="sgd-backprop", random_state=0)
    for _ in range(3):
        clf.partial_fit(Xs, y, classes=[0, 1, 2])
        ref.partial_fit(X, y, classes=[0, 1, 2])
    np.testing.assert_allclose(clf.loss_curve_, ref.loss_curve_, rtol=1e-9)
    np.testing.assert_array_equal(clf.predict(Xs), ref.predict(X))


def test_large_sparse_text_like_input_fits():
    # 20 000 columns at 0.1% density: dense, this would be 160 MB per copy.
    rng = np.random.RandomState(0)
    rows = np.repeat(np.arange(2000), 20)
    cols = rng.randint(0, 20000, rows.size)
    X = sp.csr_matrix((rng.uniform(size=rows.size), (rows, cols)), (2000, 20000))
    w = rng.normal(size=20000)
    y = (X @ w > 0).astype(int)
    clf = HillClimbPerceptron(
        solver="sgd-backprop", max_iter=20, tol=None, random_state=0
    ).fit(X, y)
    assert clf.coef_.shape == (1, 20000)
    assert clf.score(X, y) > 0.9


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_regressor_sparse_matches_dense(solver):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 30))
    X[rng.uniform(size=X.shape) < 0.9] = 0.0
    y = np.c_[X[:, :5].sum(axis=1), X[:, 5] - X[:, 6]]
    params = dict(solver=solver, max_iter=30, tol=None, random_state=0)
    params["learning_rate_init"] = 0.01  # (only the gradient solvers take it)
    dense = HillClimbMLPRegressor((6,), **params).fit(X, y)
    sparse = HillClimbMLPRegressor((6,), **params).fit(sp.csc_matrix(X), y)
    np.testing.assert_allclose(sparse.loss_curve_, dense.loss_curve_, rtol=1e-9)
    np.testing.assert_allclose(
        sparse.predict(sp.csr_matrix(X)), dense.predict(X), rtol=1e-9, atol=1e-12
    )


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_sparse_with_sample_weight_and_early_stopping(solver, sparse_data):
    X, y = sparse_data
    weights = np.random.RandomState(1).randint(0, 3, len(y)).astype(float)
    params = dict(sample_weight=weights)
    dense = _estimator(HillClimbMLPClassifier, solver)
    dense.set_params(early_stopping=True, validation_fraction=0.2)
    sparse = clone(dense)
    dense.fit(X, y, **params)
    sparse.fit(sp.csr_matrix(X), y, **params)
    np.testing.assert_allclose(
        sparse.validation_scores_, dense.validation_scores_, rtol=1e-12
    )
    np.testing.assert_array_equal(sparse.predict(X), dense.predict(X))
