"""scikit-learn's own estimator checks, for every estimator and solver."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._solvers import SOLVERS

ESTIMATORS = [
    Estimator(solver=solver)
    for Estimator in (
        HillClimbPerceptron,
        HillClimbMLPClassifier,
        HillClimbMLPRegressor,
    )
    for solver in SOLVERS
]


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
