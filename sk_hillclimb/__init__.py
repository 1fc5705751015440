"""scikit-learn estimators that train perceptrons and multilayer perceptrons
by random search, stochastic hill climbing, simulated annealing or SGD with
backpropagation."""

import os

from ._display import TrainingCurveDisplay
from ._mlp import HillClimbMLPClassifier
from ._mlp_regressor import HillClimbMLPRegressor
from ._observe import FitProgress
from ._perceptron import HillClimbPerceptron
from ._show_versions import show_versions

__version__ = "0.1.0"

#: Base URL of the HTML documentation (``make docs`` builds it in
#: ``docs/_build/html``), ending with "/". The "?" of an estimator's HTML
#: representation links to ``__doc_url__ +
#: "generated/sk_hillclimb.<estimator>.html"``. The default, ``"../"``, is
#: right on the documentation's gallery pages; elsewhere (e.g. in Jupyter)
#: set it to where your build lives, for example
#: ``sk_hillclimb.__doc_url__ = "file:///home/me/sk_hillclimb/docs/_build/html/"``,
#: or set the environment variable ``SK_HILLCLIMB_DOC_URL`` before importing.
__doc_url__ = os.environ.get("SK_HILLCLIMB_DOC_URL", "../")

__all__ = [
    "FitProgress",
    "HillClimbMLPClassifier",
    "HillClimbMLPRegressor",
    "HillClimbPerceptron",
    "TrainingCurveDisplay",
    "__version__",
    "show_versions",
]
