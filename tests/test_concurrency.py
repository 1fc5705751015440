"""Concurrency: shared fitted models in threads, parallel grid searches."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV

from _shared import ALL_SOLVERS, assert_same_weights
from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=400, n_features=8, n_informative=5, n_classes=3, random_state=0
    )


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_one_model_predicting_from_many_threads_equals_serial(solver, data):
    X, y = data
    clf = HillClimbMLPClassifier(
        (16,), solver=solver, max_iter=30, tol=None, random_state=0
    ).fit(X, y)
    rng = np.random.RandomState(1)
    chunks = [rng.normal(size=(int(n), 8)) for n in rng.randint(1, 300, 48)]

    def answers(chunk):
        return (
            clf.predict(chunk),
            clf.predict_proba(chunk),
            clf.decision_function(chunk),
            clf.predict_log_proba(chunk),
        )

    serial = [answers(c) for c in chunks]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(answers, chunks))
    for got, expected in zip(threaded, serial):
        for g, e in zip(got, expected):
            np.testing.assert_array_equal(g, e)


@pytest.mark.parametrize("Estimator", [HillClimbPerceptron, HillClimbMLPClassifier])
def test_grid_search_n_jobs_2_equals_n_jobs_1(Estimator, data):
    X, y = data
    base = Estimator(max_iter=40, tol=None, random_state=0)
    grid = {"solver": ALL_SOLVERS, "alpha": [0.0, 0.01]}
    if Estimator is HillClimbMLPClassifier:
        base.set_params(hidden_layer_sizes=(6,), learning_rate_init=0.05)
    searches = [
        GridSearchCV(base, grid, cv=3, n_jobs=n_jobs).fit(X, y) for n_jobs in (1, 2)
    ]
    one, two = (s.cv_results_ for s in searches)
    for key in ("mean_test_score", "std_test_score", "rank_test_score"):
        np.testing.assert_array_equal(one[key], two[key])
    for split in range(3):
        key = f"split{split}_test_score"
        np.testing.assert_array_equal(one[key], two[key])
    assert searches[0].best_params_ == searches[1].best_params_
    a, b = (s.best_estimator_ for s in searches)
    assert_same_weights(a, b)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
