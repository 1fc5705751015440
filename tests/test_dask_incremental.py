"""dask-ml's Incremental trains a gradient solver block by block on a cluster.

``dask_ml.wrappers.Incremental`` calls ``partial_fit`` once per block of a
dask array, in block order when ``shuffle_blocks=False``, passing the model
from task to task. The result must be exactly that of calling
``partial_fit`` on the same blocks in the same order in this process.
"""

import numpy as np
import pytest
from sklearn.base import clone, is_classifier
from sklearn.datasets import make_classification, make_regression

from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._solvers import SOLVERS

pytest.importorskip("distributed", reason="needs the distributed extra")
# ImportError too: with numpy 1.x (make test-oldest) dask-ml's import of
# dask.dataframe fails on a pyarrow built for numpy 2.
pytest.importorskip(
    "dask_ml.wrappers",
    reason="needs dask-ml (the distributed extra) and what it imports",
    exc_type=ImportError,
)
import dask.array as da
from dask.distributed import Client, LocalCluster
from dask_ml.wrappers import Incremental

#: The solvers that have partial_fit.
GRADIENT_SOLVERS = [name for name, cls in SOLVERS.items() if cls.uses_gradient]
N_ROWS, BLOCK = 400, 100


@pytest.fixture(scope="module")
def client():
    # in-process workers: no network, no child processes, quick to start
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _data(estimator):
    if is_classifier(estimator):
        X, y = make_classification(
            n_samples=N_ROWS, n_features=6, n_informative=4, n_classes=3,
            class_sep=2, random_state=0,
        )  # fmt: skip
        return X, y, {"classes": np.unique(y)}
    X, y = make_regression(n_samples=N_ROWS, n_features=6, noise=5, random_state=0)
    return X, y / np.std(y), {}


def _partial_fit_in_order(estimator, X, y, classes_kwarg, n_passes):
    model = clone(estimator)
    for _ in range(n_passes):
        for start in range(0, len(X), BLOCK):
            rows = slice(start, start + BLOCK)
            model.partial_fit(X[rows], y[rows], **classes_kwarg)
    return model


def _weights(model):
    if hasattr(model, "coefs_"):
        return [*model.coefs_, *model.intercepts_]
    return [model.coef_, model.intercept_]  # the perceptron


@pytest.mark.parametrize("solver", GRADIENT_SOLVERS)
@pytest.mark.parametrize(
    "estimator",
    [
        HillClimbPerceptron(batch_size=20, random_state=0),
        HillClimbMLPClassifier(
            (8,), batch_size=20, learning_rate_init=0.05, random_state=0
        ),
        HillClimbMLPRegressor(
            (8,), batch_size=20, learning_rate_init=0.05, random_state=0
        ),
    ],
    ids=lambda est: type(est).__name__,
)
def test_incremental_on_a_cluster_matches_partial_fit_in_order(
    client, estimator, solver
):
    estimator = clone(estimator).set_params(solver=solver)
    X, y, classes_kwarg = _data(estimator)
    X_dask = da.from_array(X, chunks=(BLOCK, X.shape[1]))
    y_dask = da.from_array(y, chunks=BLOCK)
    assert X_dask.numblocks == (N_ROWS // BLOCK, 1)

    incremental = Incremental(estimator, shuffle_blocks=False)
    incremental.fit(X_dask, y_dask, **classes_kwarg)  # one pass over the blocks
    incremental.partial_fit(X_dask, y_dask)  # a second pass, from there
    on_cluster = incremental.estimator_
    predicted = incremental.predict(X_dask)
    assert isinstance(predicted, da.Array)
    predicted = predicted.compute()

    local = _partial_fit_in_order(estimator, X, y, classes_kwarg, n_passes=2)
    # two passes of four blocks: eight partial_fit calls, one epoch each
    assert len(on_cluster.loss_curve_) == len(local.loss_curve_) == 8
    assert on_cluster.n_iter_ == local.n_iter_
    np.testing.assert_array_equal(predicted, local.predict(X))
    for a, b in zip(_weights(on_cluster), _weights(local), strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(on_cluster.loss_curve_, local.loss_curve_)
    # and it learned, in two passes: well above chance, most of the variance
    # (chance is 1/3; R^2 0 predicts the mean)
    assert on_cluster.score(X, y) > (0.75 if is_classifier(estimator) else 0.9)


def test_shuffled_blocks_are_reproducible(client):
    estimator = HillClimbMLPClassifier((8,), solver="sgd-backprop", random_state=0)
    X, y, classes_kwarg = _data(estimator)
    X_dask = da.from_array(X, chunks=(BLOCK, X.shape[1]))
    y_dask = da.from_array(y, chunks=BLOCK)

    def fit(random_state):
        incremental = Incremental(estimator, random_state=random_state)
        return incremental.fit(X_dask, y_dask, **classes_kwarg).estimator_

    a, b, c = fit(0), fit(0), fit(1)
    np.testing.assert_array_equal(a.coefs_[0], b.coefs_[0])
    # another block order is another model
    assert not np.array_equal(a.coefs_[0], c.coefs_[0])
