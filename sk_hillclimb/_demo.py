"""``python -m sk_hillclimb``: every estimator x every solver on the tutorial task."""

import argparse
import time
import warnings

from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from ._mlp import HillClimbMLPClassifier
from ._perceptron import HillClimbPerceptron
from ._solvers import SOLVERS


def tutorial_estimators(random_state):
    """The tutorial's two models, with its step sizes and budget."""
    common = {"max_iter": 1000, "random_state": random_state}
    return {
        "HillClimbPerceptron": HillClimbPerceptron(step_size=0.05, **common),
        "HillClimbMLPClassifier": HillClimbMLPClassifier(
            (10,), "logistic", step_size=0.1, learning_rate_init=0.1, **common
        ),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m sk_hillclimb",
        description="Train every estimator with every solver on the tutorial's "
        "make_classification task (1000 rows, 5 features, 67/33 split) and "
        "print a comparison table.",
    )
    parser.add_argument("--random-state", type=int, default=1, help="seed (default 1)")
    args = parser.parse_args(argv)

    X, y = make_classification(
        n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.33, random_state=args.random_state
    )
    header = (
        f"{'estimator':<24}{'solver':<14}{'train':>7}{'test':>7}{'evals':>7}"
        f"{'seconds':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, estimator in tutorial_estimators(args.random_state).items():
        for solver in SOLVERS:
            estimator.set_params(solver=solver)
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                estimator.fit(X_train, y_train)
            seconds = time.perf_counter() - start
            print(
                f"{name:<24}{solver:<14}{estimator.score(X_train, y_train):>7.3f}"
                f"{estimator.score(X_test, y_test):>7.3f}{estimator.n_evals_:>7}"
                f"{seconds:>9.3f}"
            )
    return 0
