"""scikit-learn estimators that train perceptrons and multilayer perceptrons
by random search, stochastic hill climbing, simulated annealing or SGD with
backpropagation."""

from ._mlp import HillClimbMLPClassifier
from ._mlp_regressor import HillClimbMLPRegressor
from ._perceptron import HillClimbPerceptron
from ._show_versions import show_versions

__version__ = "0.1.0"

__all__ = [
    "HillClimbMLPClassifier",
    "HillClimbMLPRegressor",
    "HillClimbPerceptron",
    "__version__",
    "show_versions",
]
