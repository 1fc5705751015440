"""Benchmark case 1: the tutorial's MLP task and hill climb, shared.

``run.py`` compares the fit with a plain numpy loop, ``callbacks.py``
times it with and without callbacks and ``threads.py --floor`` sets it
against the arithmetic it cannot avoid. No side effects at import: the
scripts pin their threads themselves.
"""

from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split

#: Case 1's network and search: the tutorial's 10 logistic units, its fixed
#: absolute step of 0.1, 1000 iterations.
CASE1_PARAMS = dict(
    hidden_layer_sizes=(10,),
    activation="logistic",
    alpha=0.0,
    step_size=0.1,
    # the tutorial's step, which the numpy loop takes
    step_scale="absolute",
    step_adaptation=None,
    restart_patience=None,
    max_iter=1000,
    tol=None,
)


def tutorial_task():
    """The tutorial's training rows: 670 of ``make_classification(1000, 5)``."""
    X, y = make_classification(
        n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1
    )
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.33, random_state=1)
    return X_train, y_train
