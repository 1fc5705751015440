"""
===============================================
Grid search scaled out on a dask cluster
===============================================

:class:`~sklearn.model_selection.GridSearchCV` runs its fits through
joblib, and joblib can hand them to a `dask.distributed
<https://distributed.dask.org>`_ cluster. Nothing in the estimator changes:
every fit draws its random numbers from its own ``random_state``, so the
search gives the same result whether it runs on one core or on a cluster.

This example needs the optional ``distributed`` extra::

    pip install "sk_hillclimb[distributed]"

It starts a small :class:`~distributed.LocalCluster` inside this process
(two workers, no network). On a real cluster, replace it by
``Client("tcp://scheduler-address:8786")``; the rest is the same.
"""

# %%
# The search
# ----------
# The MLP of Jason Brownlee's tutorial "How to Manually Optimize Neural
# Network Models" (see :ref:`sphx_glr_auto_examples_plot_tutorial_hill_climbing.py`)
# trained by hill climbing on accuracy, with a grid over
# the step size and the number of hidden units: 8 candidates, 3 folds, 24
# fits.
import time

import joblib
import matplotlib.pyplot as plt
import numpy as np
from dask.distributed import Client, LocalCluster
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV

from sk_hillclimb import HillClimbMLPClassifier

X, y = make_classification(
    n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1
)
param_grid = {
    "step_size": [0.02, 0.05, 0.1, 0.2],
    "hidden_layer_sizes": [(5,), (10,)],
}


def make_search(n_jobs):
    network = HillClimbMLPClassifier(
        activation="logistic",
        objective="accuracy",
        max_iter=300,
        step_scale="absolute",
        step_adaptation=None,
        restart_patience=None,
        tol=None,
        random_state=0,
    )
    return GridSearchCV(network, param_grid, cv=3, n_jobs=n_jobs)


# %%
# On one core, then on the cluster
# --------------------------------
# ``joblib.parallel_backend("dask")`` sends every fit to the cluster that
# the active :class:`~distributed.Client` is connected to.
start = time.perf_counter()
serial = make_search(n_jobs=1).fit(X, y)
print(f"n_jobs=1:  {time.perf_counter() - start:.1f} s")

with (
    LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster,
    Client(cluster) as client,
):
    start = time.perf_counter()
    with joblib.parallel_backend("dask"):
        distributed = make_search(n_jobs=-1).fit(X, y)
    seconds = time.perf_counter() - start
    workers = len(client.scheduler_info()["workers"])
    print(f"dask:      {seconds:.1f} s on {workers} workers")

# %%
# The same result
# ---------------
# Same best parameters, and every cross-validation score identical to the
# last bit, fold by fold.
print("best parameters:", serial.best_params_)
assert distributed.best_params_ == serial.best_params_
score_keys = [k for k in serial.cv_results_ if k.endswith("test_score")]
for key in score_keys:
    np.testing.assert_array_equal(distributed.cv_results_[key], serial.cv_results_[key])
print(f"identical: best_params_ and {len(score_keys)} score arrays of cv_results_")

# %%
# Each candidate's mean cross-validated accuracy from both runs, best
# first: the same numbers, so the points lie on the diagonal.
a = serial.cv_results_["mean_test_score"]
b = distributed.cv_results_["mean_test_score"]
candidates = serial.cv_results_["params"]
print("step_size  hidden_layer_sizes  n_jobs=1   dask")
for k in np.argsort(-a, kind="stable"):
    step, hidden = candidates[k]["step_size"], candidates[k]["hidden_layer_sizes"]
    print(f"{step:>9}  {hidden!s:>18}  {a[k]:8.3f}  {b[k]:.3f}")

fig, ax = plt.subplots(figsize=(4.5, 4.5), layout="constrained")
for hidden in param_grid["hidden_layer_sizes"]:
    mask = np.array([c["hidden_layer_sizes"] == hidden for c in candidates])
    ax.scatter(a[mask], b[mask], label=f"hidden_layer_sizes={hidden}")
low, high = min(a.min(), b.min()) - 0.01, max(a.max(), b.max()) + 0.01
ax.plot([low, high], [low, high], color="gray", ls=":", zorder=0)
ax.set_xlabel("mean CV accuracy, n_jobs=1")
ax.set_ylabel("mean CV accuracy, dask cluster")
ax.set_title("GridSearchCV: one core vs dask")
# The points lie on the diagonal: the upper left corner is empty.
ax.legend(loc="upper left")
plt.show()
