"""The ask/tell interface every solver implements."""

import numpy as np


class Solver:
    """Base class of the solvers: an ask/tell optimiser over flat vectors.

    The estimator owns the data and the loop: it calls :meth:`ask` for
    candidate parameter vectors, evaluates them (with gradients when
    :attr:`uses_gradient` is true) and hands the results to :meth:`tell`.
    A solver keeps its own state and the best point it has seen, and draws
    every random number from the ``rng`` it was given.

    Parameters
    ----------
    theta0 : ndarray of shape (n_params,)
        Starting point; copied.
    rng : numpy.random.RandomState
        The estimator's random number generator.
    init_scale : ndarray of shape (n_params,)
        Half-widths of the uniform initialisation distribution.

    Attributes
    ----------
    theta : ndarray of shape (n_params,)
        Current point.
    loss : float
        Loss of the current point (``inf`` until it is evaluated).
    best_theta, best_loss :
        Best point told so far and its loss.
    """

    #: Whether ``tell`` needs gradients (minibatch training) or only losses.
    uses_gradient = False
    #: Patience used when the estimator's ``n_iter_no_change="auto"``;
    #: ``None`` turns the ``tol`` rule off for this solver.
    default_n_iter_no_change = 200
    #: Names of the estimator parameters this solver takes as keywords.
    hyperparameters = ()
    #: Whether the solver is known to fall short of scikit-learn's accuracy
    #: bar for a "reasonable" classifier (the estimator tag ``poor_score``).
    poor_score = False

    def __init__(self, theta0, *, rng, init_scale):
        self.theta = np.array(theta0, dtype=np.float64)
        self.loss = np.inf
        self.best_theta = self.theta
        self.best_loss = np.inf
        self.rng = rng
        self.init_scale = init_scale

    def ask(self):
        """Candidates to evaluate next, an array of shape ``(P, n_params)``."""
        raise NotImplementedError

    def tell(self, candidates, losses, grads=None):
        """Receive the losses (and gradients) of the candidates last asked."""
        raise NotImplementedError

    def _offer(self, theta, loss):
        """Keep ``theta`` as the best point if it is no worse than the best."""
        if loss <= self.best_loss:
            self.best_theta = theta
            self.best_loss = loss

    @property
    def result(self):
        """The parameter vector the estimator keeps when training ends."""
        return self.best_theta

    def get_state(self):
        """Arrays to keep between ``partial_fit`` calls (none by default)."""
        return {}

    def set_state(self, state):
        """Restore what :meth:`get_state` returned."""
