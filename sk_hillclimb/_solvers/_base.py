"""The ask/tell contract every solver meets.

The training loop (:mod:`sk_hillclimb._training`) owns the data and the
iterations; a solver only proposes and learns:

.. code-block:: text

    candidates = solver.ask()                  # (P, n_params)
    losses (and gradients) of the candidates   # computed by the loop
    solver.tell(candidates, losses, grads)     # grads only if uses_gradient

What may change, and when:

- :meth:`Solver.ask` does not change the solver's point or loss; the
  array it returns belongs to the solver: the caller reads it before the
  next :meth:`Solver.tell` and never writes to it.
- :meth:`Solver.tell` updates the solver's own state (the current point,
  its loss, anything it keeps between rounds). A caller that keeps
  :attr:`Solver.theta` or :attr:`Solver.result` past the next ``tell``
  copies it, since a gradient solver updates its point in place.
- A loss of ``+inf`` is a rejection: such a candidate is never accepted.

Derivative-free solvers meet a stricter contract, on which exact
speculative evaluation relies: see
:class:`~sk_hillclimb._solvers._search.SearchSolver`.
"""

import numpy as np


class Solver:
    """Base class of the solvers: an ask/tell optimiser over flat vectors.

    Parameters
    ----------
    theta0 : ndarray of shape (n_params,)
        Starting point; copied (in float64).

    Attributes
    ----------
    theta : ndarray of shape (n_params,)
        Current point.
    loss : float
        The loss the loop records for this iteration (``inf`` until a point
        is evaluated).
    """

    #: Whether ``tell`` needs gradients (minibatch training) or only losses.
    uses_gradient = False
    #: Patience used when the estimator's ``n_iter_no_change="auto"``;
    #: ``None`` turns the ``tol`` rule off for this solver. A solver may
    #: override it per instance.
    default_n_iter_no_change = 200
    #: Iterations when the estimator's ``max_iter="auto"`` (see
    #: :meth:`auto_max_iter`).
    default_max_iter = 1000
    #: Names of the estimator parameters this solver takes as keywords.
    hyperparameters = ()
    #: What to change when a fit learns nothing (named in the warning).
    tuning_hint = "learning_rate_init"
    #: Restarts from fresh weights so far (only a restarting solver counts).
    n_restarts = 0
    #: Whether the solver is known to fall short of scikit-learn's accuracy
    #: bar for a "reasonable" classifier (the estimator tag ``poor_score``).
    poor_score = False

    @classmethod
    def auto_max_iter(cls, layout, rows, hyper):
        """Iterations of a ``max_iter="auto"`` fit: :attr:`default_max_iter`.

        Parameters
        ----------
        layout : Layout
            The network.
        rows : int
            Rows each evaluation (or minibatch) covers.
        hyper : dict
            The solver's keyword arguments, as the estimator passes them.
        """
        return cls.default_max_iter

    def __init__(self, theta0):
        self.theta = np.array(theta0, dtype=np.float64)
        self.loss = np.inf

    def ask(self):
        """Candidates to evaluate next, an array of shape ``(P, n_params)``."""
        raise NotImplementedError

    def tell(self, candidates, losses, grads=None):
        """Receive the losses (and gradients) of the candidates last asked."""
        raise NotImplementedError

    def iteration_ends(self, time_step):
        """Called by the training loop after every iteration (epoch).

        A hook for learning-rate schedules (see
        :class:`~sk_hillclimb._solvers._sgd.SGDBackprop`); nothing by
        default.

        Parameters
        ----------
        time_step : int
            Training samples seen so far (the estimator's ``t_``), earlier
            warm starts and ``partial_fit`` calls included.
        """

    def trigger_stopping(self, verbose):
        """Whether training stops now that the ``tol`` rule has fired.

        A solver may instead change its own state (an adaptive learning
        rate falls) and return False; the loop then restarts the rule's
        count.

        Parameters
        ----------
        verbose : bool
            Whether to print what the solver did instead of stopping.

        Returns
        -------
        stop : bool
            True (the default): end training.
        """
        return True

    @property
    def result(self):
        """The parameter vector the estimator keeps when training ends."""
        return self.theta

    def get_state(self):
        """Arrays to keep between ``partial_fit`` calls (none by default)."""
        return {}

    def set_state(self, state):
        """Restore what :meth:`get_state` returned."""
