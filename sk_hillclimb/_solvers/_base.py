"""The ask/tell interface every solver implements."""

import copy

import numpy as np

from ._streams import RandomRows, copy_generator, generator


class Solver:
    """Base class of the solvers: an ask/tell optimiser over flat vectors.

    The estimator owns the data and the loop: it calls :meth:`ask` for
    candidate parameter vectors, evaluates them (with gradients when
    :attr:`uses_gradient` is true) and hands the results to :meth:`tell`.
    A solver keeps its own state and the best point it has seen.

    A derivative-free solver draws one seed from the estimator's ``rng``
    when it is created, and nothing after: its random numbers come from
    streams of its own (:attr:`steps`, :attr:`masks`, :attr:`networks`,
    see :class:`~sk_hillclimb._solvers._streams.RandomRows`), each read in
    an order that does not depend on the losses. The rows of future rounds
    are then known in advance, and :meth:`lookahead` can plan them. A
    gradient solver draws nothing (the estimator shuffles the batches).

    Every solver keeps this contract, on which batched (speculative)
    evaluation of several future rounds relies:

    - :meth:`ask` depends only on the solver's state and its streams;
    - :meth:`tell` consumes the same random numbers whatever the losses
      (a Metropolis test, for instance, draws its variate unconditionally);
    - a loss of ``+inf`` is a rejection: the candidate is never accepted
      (except as the first point of a fresh run, which is not a choice);
    - :meth:`tell` rebinds its attributes and never changes an array in
      place, so that a shallow copy of the solver with copies of its
      streams and generators is an independent twin (:meth:`fork`).

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
    seed_sequence : numpy.random.SeedSequence or None
        Seed of the solver's streams (``None`` for gradient solvers); a
        subclass may spawn more generators from it.
    steps, masks, networks : RandomRows or None
        Rows of N(0, 1) perturbations, of U[0, 1) numbers choosing which
        weights a step perturbs, and of U[-1, 1) numbers scaled into fresh
        networks. Their generators are PCG64, whose state is two integers
        where a ``RandomState`` has 624 words: a twin costs microseconds.
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
        self.init_scale = init_scale
        self.seed_sequence = self.steps = self.masks = self.networks = None
        if not self.uses_gradient:
            self.seed_sequence = np.random.SeedSequence(
                rng.randint(0, 2**32, size=4, dtype=np.uint64).tolist()
            )
            width = self.theta.size
            steps, masks, networks = self.seed_sequence.spawn(3)
            self.steps = RandomRows(generator(steps), width, "standard_normal")
            self.masks = RandomRows(generator(masks), width, "random")
            self.networks = RandomRows(generator(networks), width, "uniform")

    def ask(self):
        """Candidates to evaluate next, an array of shape ``(P, n_params)``."""
        raise NotImplementedError

    def tell(self, candidates, losses, grads=None):
        """Receive the losses (and gradients) of the candidates last asked."""
        raise NotImplementedError

    def lookahead(self, depth):
        """Candidates of the next rounds if every one of them is rejected.

        The state of the solver does not change. This default plays the
        rounds on a twin (:meth:`fork`); a solver may compute them at once.

        Parameters
        ----------
        depth : int
            Rounds to plan, the next one (what :meth:`ask` returns now)
            included.

        Returns
        -------
        rounds : list of ndarray of shape (P, n_params), or ndarray
            At most ``depth`` arrays, equal to what :meth:`ask` would return
            round after round if :meth:`tell` were told ``+inf`` losses;
            fewer when the solver cannot say (at least one). Rounds of
            equal size may come as one array of shape
            ``(rounds, P, n_params)``.
        """
        twin = self.fork()
        rounds = []
        for _ in range(depth):
            # Copies: a solver may keep (and later change) what it asked.
            candidates = np.array(twin.ask())
            rounds.append(candidates)
            twin.tell(candidates, np.full(len(candidates), np.inf))
        return rounds

    def fork(self):
        """An independent twin of the solver, in its current state.

        A shallow copy with forked streams and copied generators, which
        relies on :meth:`tell` never changing an array in place.
        """
        twin = copy.copy(self)
        for name, value in vars(self).items():
            if isinstance(value, RandomRows):
                setattr(twin, name, value.fork())
            elif isinstance(value, np.random.Generator):
                setattr(twin, name, copy_generator(value))
        return twin

    def get_random_state(self):
        """Positions of the solver's streams and generators, as builtins.

        What a warm start needs to go on drawing where this fit stopped.
        """
        state = {}
        for name, value in vars(self).items():
            if isinstance(value, RandomRows):
                state[name] = value.get_state()
            elif isinstance(value, np.random.Generator):
                state[name] = {"generator": value.bit_generator.state}
        return state

    def set_random_state(self, state):
        """Go on from the positions :meth:`get_random_state` returned."""
        for name, saved in state.items():
            value = getattr(self, name, None)
            if isinstance(value, RandomRows):
                value.set_state(saved)
            elif isinstance(value, np.random.Generator):
                value.bit_generator.state = saved["generator"]

    def _offer(self, theta, loss):
        """Keep ``theta`` as the best point if it is no worse than the best."""
        if loss <= self.best_loss:
            self.best_theta = theta
            self.best_loss = loss

    def _draw_networks(self, n, ahead=False):
        """``n`` fresh networks from the initialisation distribution.

        With ``ahead``, the next ``n`` networks without consuming them.
        """
        rows = self.networks.peek(n) if ahead else self.networks.take(n)
        return rows * self.init_scale

    def _gaussian_steps(self, n, step_size, fraction=1.0, rounds=None):
        """``n`` Gaussian perturbations of :attr:`theta`, shape ``(n, n_params)``.

        Each candidate perturbs a random ``fraction`` of the weights (at
        least one) by ``step_size * N(0, 1)``. The rows read depend only on
        ``n`` and ``fraction``, never on the losses.

        With ``rounds``, the candidates of that many rounds from the rows
        the next calls would take (none is consumed), one ``step_size`` per
        round, shape ``(rounds, n, n_params)``: computed by the same
        operations, so bit for bit what those calls return.
        """
        if rounds is None:
            noise = self.steps.take(n) * step_size
            u = self.masks.take(n) if fraction < 1.0 else None
        else:
            count = n * rounds
            noise = self.steps.peek(count) * np.repeat(step_size, n)[:, None]
            u = self.masks.peek(count) if fraction < 1.0 else None
        if u is not None:
            keep = u < fraction
            # so that no candidate is a wasted copy of theta
            keep[np.arange(len(u)), u.argmin(axis=1)] = True
            noise *= keep
        noise += self.theta
        return noise if rounds is None else noise.reshape(rounds, n, -1)

    def iteration_ends(self, time_step):
        """Called by the estimator after every iteration (epoch).

        A hook for learning-rate schedules (see
        :class:`~sk_hillclimb._solvers._sgd.SGDBackprop`); nothing by
        default.

        Parameters
        ----------
        time_step : int
            Training samples seen so far (``t_``), counting earlier warm
            starts and ``partial_fit`` calls.
        """

    def trigger_stopping(self, verbose):
        """Whether to stop now that the ``tol`` rule has fired.

        A solver may instead change its own state (an adaptive learning
        rate falls) and return False; the estimator then restarts the
        rule's count.

        Parameters
        ----------
        verbose : bool
            Whether to say what the solver did instead of stopping.

        Returns
        -------
        stop : bool
            True (the default): end training.
        """
        return True

    @property
    def result(self):
        """The parameter vector the estimator keeps when training ends."""
        return self.best_theta

    def get_state(self):
        """Arrays to keep between ``partial_fit`` calls (none by default)."""
        return {}

    def set_state(self, state):
        """Restore what :meth:`get_state` returned."""
