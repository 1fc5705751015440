"""
=====================================================
Training block by block with dask-ml's Incremental
=====================================================

Data that does not fit in memory can live in a `dask array
<https://docs.dask.org/en/stable/array.html>`_: a grid of numpy blocks,
each computed or loaded only when a task needs it.
``dask_ml.wrappers.Incremental`` trains any estimator that has
``partial_fit`` on such an array: one ``partial_fit`` call per block of
rows, the model handed from task to task on the cluster, so no worker ever
holds more than one block.

In sk_hillclimb the gradient solver (``solver="sgd-backprop"``) has
``partial_fit``: each call runs one epoch of minibatch SGD on the rows it is
given. The derivative-free solvers score every candidate on the whole
training set, so they have no ``partial_fit``.

This example needs the optional ``distributed`` extra (dask, distributed and
dask-ml)::

    pip install "sk_hillclimb[distributed]"

It starts a small :class:`~distributed.LocalCluster` inside this process;
on a real cluster, connect with ``Client("tcp://scheduler-address:8786")``
and read the blocks from storage (``dask.array.from_zarr``,
``dask.dataframe.read_parquet``) instead of drawing them.
"""

# %%
# A lazy data set
# ---------------
# 20,000 rows of 10 features in 20 blocks of 1,000 rows. The class is the
# third of the plane that the first two features point into (three pie
# slices); the other eight features are noise. Nothing is computed yet:
# each block is drawn by the worker that needs it.
import time

import dask.array as da
import matplotlib.pyplot as plt
import numpy as np
from dask.distributed import Client, LocalCluster
from dask_ml.wrappers import Incremental

from sk_hillclimb import HillClimbMLPClassifier

BLOCK = 1_000
X = da.random.default_rng(0).normal(size=(22 * BLOCK, 10), chunks=(BLOCK, 10))
angle = da.arctan2(X[:, 1], X[:, 0])
y = da.floor((angle + np.pi) / (2 * np.pi / 3)).clip(0, 2).astype(int)
classes = np.array([0, 1, 2])  # partial_fit must know every class up front

# the last two blocks are held out for testing
X_train, y_train = X[: 20 * BLOCK], y[: 20 * BLOCK]
X_test, y_test = X[20 * BLOCK :], y[20 * BLOCK :]
print(f"X_train: {X_train.shape}, {X_train.numblocks[0]} blocks of {BLOCK} rows")

network = HillClimbMLPClassifier(
    (16,),
    "relu",
    solver="sgd-backprop",
    batch_size=100,
    learning_rate_init=0.01,
    random_state=0,
)

# %%
# Three passes over the blocks on a cluster
# -----------------------------------------
# ``shuffle_blocks=False`` visits the blocks in order (the default visits
# them in a random order drawn from ``random_state``). Each
# ``Incremental.partial_fit`` call is one pass: one ``partial_fit`` of the
# network per block, continuing from the weights of the previous pass.
# ``scoring="accuracy"`` makes ``score`` compute blockwise on the cluster.
N_PASSES = 3
with (
    LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster,
    Client(cluster),
):
    incremental = Incremental(network, scoring="accuracy", shuffle_blocks=False)
    cluster_accuracy = []
    start = time.perf_counter()
    for _ in range(N_PASSES):
        incremental.partial_fit(X_train, y_train, classes=classes)
        cluster_accuracy.append(incremental.score(X_test, y_test))
    print(f"cluster: {N_PASSES} passes in {time.perf_counter() - start:.1f} s")
    # the blocks, computed once more for the comparison below
    blocks = [(X_train.blocks[i].compute(), y_train.blocks[i].compute())
              for i in range(X_train.numblocks[0])]  # fmt: skip
    X_test_local, y_test_local = X_test.compute(), y_test.compute()
on_cluster = incremental.estimator_

# %%
# The same blocks in order, in memory
# -----------------------------------
# Calling ``partial_fit`` ourselves on the same blocks in the same order
# gives the same network to the last bit: ``Incremental`` only schedules the
# calls, and every epoch's shuffling comes from the network's own
# ``random_state``.
local = HillClimbMLPClassifier(**network.get_params())
local_accuracy = []
for _ in range(N_PASSES):
    for X_block, y_block in blocks:
        local.partial_fit(X_block, y_block, classes=classes)
    local_accuracy.append(local.score(X_test_local, y_test_local))

identical = all(
    np.array_equal(a, b)
    for a, b in zip(
        [*on_cluster.coefs_, *on_cluster.intercepts_],
        [*local.coefs_, *local.intercepts_],
    )
)
print(f"\n{'pass':>4}  {'cluster':>8}  {'in memory':>9}")
for k, (a, b) in enumerate(zip(cluster_accuracy, local_accuracy), start=1):
    print(f"{k:>4}  {a:>8.4f}  {b:>9.4f}")
print(f"identical weights: {identical}")
assert identical and cluster_accuracy == local_accuracy

# %%
# One loss per block
# ------------------
# ``loss_curve_`` gets one entry per ``partial_fit`` call, that is per block:
# 60 here. Both runs draw the same curve.
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
calls = np.arange(1, len(local.loss_curve_) + 1)
left.plot(calls, on_cluster.loss_curve_, label="Incremental on the cluster")
left.plot(calls[::4], local.loss_curve_[::4], "o", ms=4, label="partial_fit in memory")
for k in range(1, N_PASSES):
    left.axvline(k * len(blocks) + 0.5, color="gray", lw=0.5, ls=":")
left.set_xlabel("partial_fit call (one block of 1,000 rows)")
left.set_ylabel("log-loss of the block")
left.legend(fontsize=8)
passes = np.arange(1, N_PASSES + 1)
right.plot(passes, cluster_accuracy, "-", label="Incremental on the cluster")
right.plot(passes, local_accuracy, "o", label="partial_fit in memory")
right.set_xticks(passes)
right.set_xlabel("pass over the 20 blocks")
right.set_ylabel("held-out accuracy")
right.legend(fontsize=8)
fig.suptitle("HillClimbMLPClassifier(solver='sgd-backprop') trained block by block")
fig.tight_layout()
plt.show()
