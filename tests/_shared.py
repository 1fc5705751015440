"""What the test modules share: solver lists, weight comparisons, references.

The lists come from the registry, so a solver added to
:data:`sk_hillclimb._solvers.SOLVERS` runs through every test that loops
over solvers. A test whose assertion differs between solvers asks the
solver class (``uses_gradient``, ``poor_score``, ...), never its name.
"""

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from sk_hillclimb._layout import Layout
from sk_hillclimb._solvers import SOLVERS, PopulationSolver

#: Every solver.
ALL_SOLVERS = list(SOLVERS)
#: The derivative-free solvers (ask/tell rounds on losses alone).
SEARCH_SOLVERS = [name for name, cls in SOLVERS.items() if not cls.uses_gradient]
#: The gradient solvers (minibatch epochs; they have ``partial_fit``).
GRADIENT_SOLVERS = [name for name, cls in SOLVERS.items() if cls.uses_gradient]
#: The population solvers (a generation of networks per iteration).
POPULATION_SOLVERS = [
    name for name, cls in SOLVERS.items() if issubclass(cls, PopulationSolver)
]


def checks_parametrize(estimators, **kwargs):
    """scikit-learn's ``parametrize_with_checks``, its cases as a list.

    scikit-learn before 1.7 hands pytest a generator, which pytest
    deprecates (``PytestRemovedIn10Warning``); the same cases in a list
    are collected alike on every version.
    """
    mark = parametrize_with_checks(estimators, **kwargs)
    names, cases = mark.args
    return pytest.mark.parametrize(names, list(cases), **mark.kwargs)


def weights(est):
    """The fitted coefficient and intercept arrays, one flat list."""
    coefs, intercepts = est._get_weights()
    return list(coefs) + list(intercepts)


def assert_same_weights(a, b):
    """``a`` and ``b`` hold bit for bit the same weights."""
    for wa, wb in zip(weights(a), weights(b), strict=True):
        np.testing.assert_array_equal(wa, wb)


def assert_same_fit(a, b):
    """The same weights, loss curve and iteration and evaluation counts."""
    assert_same_weights(a, b)
    assert a.loss_curve_ == b.loss_curve_
    assert (a.n_iter_, a.n_evals_) == (b.n_iter_, b.n_evals_)


def record_initial_weights(reference):
    """Record the initial weights a scikit-learn MLP draws, layer by layer.

    Returns the list that ``reference``'s next fit fills with one
    ``(coef, intercept)`` pair per layer; :func:`start_from` hands them to
    one of our estimators.
    """
    layers = []
    draw = reference._init_coef

    def record(*args):
        coef, intercept = draw(*args)
        layers.append((coef.copy(), intercept.copy()))
        return coef, intercept

    reference._init_coef = record
    return layers


def start_from(estimator, layers):
    """Make ``estimator``'s fits start from the recorded ``layers``."""
    layout = Layout([c.shape[0] for c, _ in layers] + [layers[-1][0].shape[1]])
    theta0 = layout.pack([c for c, _ in layers], [b for _, b in layers])
    estimator._initial_theta = lambda rng, scale: theta0.copy()


def assert_gradient_matches_losses(problem, theta):
    """``loss_and_gradient`` agrees with ``losses`` and its central differences."""
    loss, grad = problem.loss_and_gradient(theta)
    assert loss == pytest.approx(problem.losses(theta[None])[0], rel=1e-12)
    eps = 1e-6
    steps = np.eye(theta.size) * eps
    numeric = (problem.losses(theta + steps) - problem.losses(theta - steps)) / (
        2 * eps
    )
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
