"""scikit-learn's own estimator checks, for every estimator and solver."""

from _shared import checks_parametrize
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._solvers import SOLVERS


def _check_params(solver_cls):
    # The checks fit dozens of tiny data sets, on which max_iter="auto" buys
    # up to 20,000 evaluations: a fixed budget keeps them fast, as
    # scikit-learn's own checks cap max_iter. A generation of a population
    # solver is tens of evaluations.
    if solver_cls.uses_gradient:
        return {}
    return {"max_iter": 50 if "population_size" in solver_cls.hyperparameters else 3000}


ESTIMATORS = [
    Estimator(solver=solver, **_check_params(cls))
    for Estimator in (
        HillClimbPerceptron,
        HillClimbMLPClassifier,
        HillClimbMLPRegressor,
    )
    for solver, cls in SOLVERS.items()
]


@checks_parametrize(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
