"""The ask/tell interface every solver implements."""

import numpy as np


class Solver:
    """Base class of the solvers: an ask/tell optimiser over flat vectors.

    The estimator owns the data and the loop: it calls :meth:`ask` for
    candidate parameter vectors, evaluates them (with gradients when
    :attr:`uses_gradient` is true) and hands the results to :meth:`tell`.
    A solver keeps its own state and the best point it has seen, and draws
    every random number from the ``rng`` it was given.

    Every solver keeps this contract, on which batched (speculative)
    evaluation of several future rounds relies:

    - :meth:`ask` depends only on the solver's state and its ``rng``;
    - :meth:`tell` consumes the same random numbers whatever the losses
      (a Metropolis test, for instance, draws its variate unconditionally);
    - a loss of ``+inf`` is a rejection: the candidate is never accepted
      (except as the first point of a fresh run, which is not a choice).

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
        The loss the estimator records for this iteration (``inf`` until
        a point is evaluated): for the derivative-free solvers, the loss of
        :attr:`result`, the best point told so far.
    best_theta, best_loss :
        Best point told so far and its loss.
    """

    #: Whether ``tell`` needs gradients (minibatch training) or only losses.
    uses_gradient = False
    #: Patience used when the estimator's ``n_iter_no_change="auto"``;
    #: ``None`` turns the ``tol`` rule off for this solver. A solver may
    #: override it per instance.
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

    def _draw_networks(self, n):
        """``n`` fresh networks from the initialisation distribution."""
        return self.rng.uniform(-1.0, 1.0, (n, self.theta.size)) * self.init_scale

    def _gaussian_steps(self, n, step_size, fraction=1.0):
        """``n`` Gaussian perturbations of :attr:`theta`.

        Each candidate perturbs a random ``fraction`` of the weights (at
        least one) by ``step_size * N(0, 1)``. The number of random draws
        depends only on ``n`` and ``fraction``, never on the losses.
        """
        noise = self.rng.standard_normal((n, self.theta.size))
        noise *= step_size
        if fraction < 1.0:
            u = self.rng.random_sample(noise.shape)
            keep = u < fraction
            # so that no candidate is a wasted copy of theta
            keep[np.arange(n), u.argmin(axis=1)] = True
            noise *= keep
        noise += self.theta
        return noise

    @property
    def result(self):
        """The parameter vector the estimator keeps when training ends."""
        return self.best_theta

    def get_state(self):
        """Arrays to keep between ``partial_fit`` calls (none by default)."""
        return {}

    def set_state(self, state):
        """Restore what :meth:`get_state` returned."""
