"""The base of the derivative-free solvers: random streams, plans, best point."""

import math

import numpy as np

from .._pool import ScoringPool
from ._base import Solver
from ._streams import RandomRows, generator

# One-fifth success rule (Rechenberg; Kern et al. 2004): grow the step by
# exp(1/3) after a success and shrink it by exp(-1/12) after a failure, so
# that it stands still when one round in five succeeds.
_GROW, _SHRINK = math.exp(1 / 3), math.exp(-1 / 12)
# On a plateau every step "succeeds"; the cap keeps the step finite there.
_MAX_GROWTH = 1e3
# Relative difference of two losses below which they are a tie: float64
# sums of the same per-sample losses in another order (weights instead of
# repeated rows, another chunking) differ by about 1e-16 relatively, and a
# tie in one fit must not be a worse move in the other.
_TIE = 1e-12


#: The budget of a ``max_iter="auto"`` fit, in the cost units of
#: :func:`auto_evaluations`: about a second of one core.
_WORK = 1.2e10
#: Fixed cost of an evaluation in those units: the numpy calls' overhead.
_OVERHEAD = 300_000
#: Passes over a layer's activations per evaluation beyond its product
#: (bias, activation, softmax and loss), each worth about that many
#: multiply-adds of the product.
_PASSES = 10
#: No fit gets fewer evaluations than the digits need with the default
#: network (3000: 93.1% test accuracy for "hillclimb", seeds 0-4, in about
#: 2 s), nor more than a small problem needs to go on learning (the
#: 300-point spiral: 15,000).
_MIN_EVALUATIONS, _MAX_EVALUATIONS = 3000, 20_000


def auto_evaluations(layout, rows, candidate_cost=0):
    """Evaluations of a ``max_iter="auto"`` fit of a derivative-free solver.

    A fixed budget of work divided by the cost of one evaluation, modelled
    as ``rows * (n_params + 10 * units) + 300_000``: the multiply-adds of
    the layers' products, the elementwise passes over each layer's
    ``units`` activations, and a fixed overhead (drawing a hill climber's
    step included). Clipped to ``[3000, 20000]``: a small problem gets up
    to 20,000 evaluations in about a second, and no problem fewer than the
    3000 that the digits need.

    Parameters
    ----------
    layout : Layout
    rows : int
        Rows each evaluation scores.
    candidate_cost : float, default=0
        What making one candidate costs a solver beyond a hill climber's
        step, in the same units per weight (breeding a child, say). It
        raises the cost of an evaluation, the floor of 3000 included:
        that floor is the work of 3000 hill-climbing evaluations.

    Returns
    -------
    evaluations : int
    """
    units = sum(layout.layer_units[1:])
    cost = rows * (layout.n_params + _PASSES * units) + _OVERHEAD
    total = cost + candidate_cost * layout.n_params
    floor = _MIN_EVALUATIONS * cost / total
    return int(np.clip(_WORK // total, floor, _MAX_EVALUATIONS))


class SearchSolver(Solver):
    """A derivative-free solver: scores candidates, keeps the best point.

    The solver draws one seed from the estimator's ``rng`` when it is
    created, and nothing after: its random numbers come from streams of
    its own (:attr:`steps`, :attr:`masks`, :attr:`networks`, see
    :class:`~sk_hillclimb._solvers._streams.RandomRows`), each read in an
    order that does not depend on the losses. The rows of future rounds are
    then known in advance, and :meth:`lookahead` can plan them.

    On top of :class:`~sk_hillclimb._solvers._base.Solver`'s contract, a
    search solver keeps these, on which exact speculative evaluation
    (:mod:`sk_hillclimb._speculative`) relies:

    - :meth:`ask` depends only on the solver's state and its streams;
    - :meth:`tell` consumes the same random numbers whatever the losses
      (a Metropolis test, for instance, draws its variate unconditionally);
    - :meth:`tell` rebinds :attr:`theta` when it moves and never changes an
      array in place: the loop tells a move by identity, and the best
      point kept is the very array that was current;
    - :meth:`lookahead` returns what :meth:`ask` will return, bit for bit,
      as long as every candidate is rejected.

    Parameters
    ----------
    theta0 : ndarray of shape (n_params,)
        Starting point; copied.
    rng : numpy.random.RandomState
        The estimator's random number generator; one seed is drawn from it.
    init_scale : ndarray of shape (n_params,)
        Half-widths of the uniform initialisation distribution.
    step_scale : ndarray of shape (n_params,) or None, default=None
        Unit of each parameter's Gaussian step: a step of ``step_size`` on
        parameter ``i`` has standard deviation ``step_size *
        step_scale[i]``. ``None`` makes steps absolute (unit 1 for every
        parameter, the tutorials' step).
    init_center : ndarray of shape (n_params,) or None, default=None
        Centre of the initialisation distribution, ``None`` for zero: fresh
        networks are ``init_center + U(-1, 1) * init_scale``
        (:class:`~sk_hillclimb.HillClimbMLPRegressor` centres its output
        intercepts on the targets' mean).

    Attributes
    ----------
    best_theta, best_loss :
        Best point told so far and its loss.
    run_loss : float
        Loss of :attr:`theta` (``inf`` before the first ``tell``).
    fresh : bool
        Whether the next ``tell`` starts a run (its first point).
    seed_sequence : numpy.random.SeedSequence
        Seed of the solver's streams; a subclass may spawn more generators
        from it.
    steps, masks, networks : RandomRows
        Rows of N(0, 1) perturbations, of U[0, 1) numbers choosing which
        weights a step perturbs, and of U[-1, 1) numbers scaled into fresh
        networks. Their generators are PCG64, whose state is two integers
        where a ``RandomState`` has 624 words.
    pool : ScoringPool
        Threads for the solver's own work on a round's rows (breeding,
        sampling), the fit's scoring pool once the estimator sets it; one
        thread by default. The results are the same bits on any number of
        threads.
    """

    #: Cost of making a candidate beyond a hill climber's step, in the
    #: units of :func:`auto_evaluations` per weight.
    candidate_cost = 0
    #: Whether :meth:`lookahead`'s rounds assume that none is accepted: a
    #: move then voids the rest of a plan, which the driver drops at once
    #: (and plans again) instead of finding it out on the next round and
    #: scoring that round alone. False where a plan survives a move
    #: (random search draws fresh networks whatever it keeps).
    plans_assume_rejection = True
    #: ``step_size="auto"``: a third of the initialisation scale, which the
    #: one-fifth rule then adapts (see the user guide's "Defaults").
    default_step_size = 0.3
    tuning_hint = "step_size (or step_adaptation='one-fifth')"

    def __init__(self, theta0, *, rng, init_scale, step_scale=None, init_center=None):
        super().__init__(theta0)
        self.step_scale = step_scale
        self.init_center = init_center
        self.best_theta = self.theta
        self.best_loss = np.inf
        # The first tell starts a run at the first point (see current_loss).
        self.fresh = True
        self.run_loss = np.inf
        self.init_scale = init_scale
        self.seed_sequence = np.random.SeedSequence(
            rng.randint(0, 2**32, size=4, dtype=np.uint64).tolist()
        )
        width = self.theta.size
        steps, masks, networks = self.seed_sequence.spawn(3)
        self.steps = RandomRows(generator(steps), width, "standard_normal")
        self.masks = RandomRows(generator(masks), width, "random")
        self.networks = RandomRows(generator(networks), width, "uniform")
        # One thread until the training loop hands over its fit's pool.
        self.pool = ScoringPool(1)

    @classmethod
    def auto_max_iter(cls, layout, rows, hyper):
        """Iterations of a ``max_iter="auto"`` fit: a budget of work.

        :func:`auto_evaluations` of the network on ``rows`` rows, divided
        by the evaluations of one iteration (:meth:`evaluations_per_iteration`).

        Parameters
        ----------
        layout : Layout
        rows : int
            Rows each evaluation scores: the training set, or a minibatch.
        hyper : dict
            The solver's keyword arguments, as the estimator passes them.
        """
        per_iteration = cls.evaluations_per_iteration(layout.n_params, hyper)
        evaluations = auto_evaluations(layout, rows, cls.candidate_cost)
        return max(1, evaluations // per_iteration)

    @classmethod
    def evaluations_per_iteration(cls, n_params, hyper):
        """Networks one iteration scores: ``n_candidates`` (default 1)."""
        return hyper.get("n_candidates") or 1

    def lookahead(self, depth):
        """Candidates of the next rounds if every one of them is rejected.

        The state of the solver does not change.

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
        raise NotImplementedError

    @property
    def result(self):
        return self.best_theta

    @property
    def current_loss(self):
        """The loss of :attr:`theta`, the point the search stands on.

        By default :attr:`run_loss`: a local search keeps the loss of its
        current point there, and sets :attr:`fresh` while its next ``tell``
        starts a run (the first point, or a restart).
        """
        return self.run_loss

    @property
    def held_loss(self):
        """The loss of the point the search holds after an iteration.

        What ``loss_curve_`` records: by default :attr:`run_loss`, the loss
        of the run's point (annealing's uphill moves and a restart's fresh
        start show in it).
        """
        return self.run_loss

    @property
    def held_point(self):
        """The point whose loss is :attr:`held_loss`: :attr:`theta`."""
        return self.theta

    def rescore(self, loss):
        """Replace the loss of :attr:`theta` by ``loss``, before a ``tell``.

        Minibatch rounds score the current point on each round's rows with
        the candidates, so that the next ``tell`` compares losses on the
        same rows (see :class:`~sk_hillclimb._training.MinibatchRounds`).
        A fresh run has no current point to rescore.
        """
        if not self.fresh:
            self.run_loss = loss

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

    def _increase(self, loss):
        """``loss`` minus the current point's, 0 within rounding (a tie).

        ``inf`` for a candidate whose loss overflowed.
        """
        if loss == math.inf:
            return math.inf
        increase = loss - self.run_loss
        if math.isfinite(increase) and abs(increase) <= _TIE * abs(self.run_loss):
            return 0.0
        return increase

    def _init_step(self, step_size, step_adaptation):
        """Start the Gaussian step at ``step_size``, adapted or fixed."""
        self.initial_step_size = self.step_size = step_size
        self.adapt = step_adaptation == "one-fifth"

    def _adapt_step(self, success):
        """The one-fifth rule after a round that did (not) succeed."""
        if self.adapt:
            self.step_size *= _GROW if success else _SHRINK
            self.step_size = min(self.step_size, _MAX_GROWTH * self.initial_step_size)

    def _rejected_steps(self, depth):
        """Step sizes of the next ``depth`` rounds if all are rejected.

        By the same products :meth:`_adapt_step` computes, so that plans
        are bit for bit what the rounds will propose.
        """
        steps = [self.step_size]
        for _ in range(depth - 1):
            step = steps[-1]
            if self.adapt:
                step = min(step * _SHRINK, _MAX_GROWTH * self.initial_step_size)
            steps.append(step)
        return np.array(steps)

    def _draw_networks(self, n, ahead=False):
        """``n`` fresh networks from the initialisation distribution.

        With ``ahead``, the next ``n`` networks without consuming them.
        """
        rows = self.networks.peek(n) if ahead else self.networks.take(n)
        rows = rows * self.init_scale
        if self.init_center is not None:
            rows += self.init_center
        return rows

    def _gaussian_steps(self, n, step_size, fraction=1.0, rounds=None):
        """``n`` Gaussian perturbations of :attr:`theta`, shape ``(n, n_params)``.

        Each candidate perturbs a random ``fraction`` of the weights (at
        least one) by ``step_size * N(0, 1)``, times :attr:`step_scale`
        per weight when it is set. The rows read depend only on
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
        if self.step_scale is not None:
            # After the product by step_size, so that absolute steps keep
            # the tutorials' numbers bit for bit.
            noise *= self.step_scale
        if u is not None:
            keep = u < fraction
            # so that no candidate is a wasted copy of theta
            keep[np.arange(len(u)), u.argmin(axis=1)] = True
            noise *= keep
        noise += self.theta
        return noise if rounds is None else noise.reshape(rounds, n, -1)
