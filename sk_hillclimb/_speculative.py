"""Exact speculative evaluation of derivative-free search rounds.

A hill climber that scores one candidate per round makes one small BLAS
call per round, and on small data the Python and call overhead of that
round costs more than the arithmetic. Speculation asks the solver for the
candidates of several rounds ahead, on the assumption that every one of
them is rejected (:meth:`SearchSolver.lookahead
<sk_hillclimb._solvers._search.SearchSolver.lookahead>`), scores them all in one
batched call, and then plays the rounds on the solver:

.. code-block:: text

    plan:   rounds = solver.lookahead(K)       # the solver does not change
    score:  losses of all planned candidates, one call
    play:   each round c = solver.ask()
            if c equals the planned candidates: solver.tell(c, planned losses)
            else: drop the rest of the plan, score c (and plan again)

The solver is asked and told in exactly the order of one-at-a-time search
and is told the true loss of every candidate it asked for, so the
trajectory (weights, losses, random draws) is identical; speculation only
changes how much work is discarded. That needs two things: ``ask()``
depends only on the solver's state and its random streams, and the loss of
a candidate does not depend on the candidates scored with it (see
:meth:`TrainingProblem.losses <sk_hillclimb._problem.TrainingProblem.losses>`).
The comparison of every asked candidate with the planned one is what makes
the result exact whatever the plan: a wrong plan costs time, never a
different answer.

The depth ``K`` of each plan minimises the expected cost per useful round,
``(a + K b) / E(K)`` with ``E(K) = (1 - (1 - p)^K) / p`` the expected
number of rounds used before the first acceptance, where ``a`` is the cost
of a call, ``b`` the cost of one candidate (measured once on a slice of
the data) and ``p`` the recent acceptance rate. On large data ``b``
dominates and ``K`` falls to 1: no speculation, no waste.

Timings steer the depth, and a loaded machine can make them say anything:
whatever they say, a plan is never deeper than what keeps the candidates
discarded so far, plus all but the first round of the plan, within a fifth
of the evaluations used so far. The waste is then bounded by the work
itself, never by a clock.
"""

import threading
import time

import numpy as np

#: Most rounds planned at once.
MAX_DEPTH = 64
#: Weight of the previous acceptance statistics at each new observation.
_DECAY = 0.98
#: Rounds between two decisions of the plan depth.
_REDECIDE = 16
#: Rows of the slice the cost of a candidate is measured on, and the
#: population the cost of a call is told from.
_CALIBRATION_ROWS = 256
_CALIBRATION_POPULATION = 8
#: Costs of scoring measured in this process, by shape of the problem
#: (oldest dropped first beyond the size).
_SCORING_COSTS = {}
_SCORING_COSTS_LOCK = threading.Lock()
_CACHE_SIZE = 64
#: Most candidates discarded, as a share of the evaluations used: the
#: bound on the depth that does not depend on timings.
MAX_WASTE = 0.2


class SearchRounds:
    """The driver of the derivative-free solvers: one iteration is one round.

    Each round asks the solver for candidates, scores them and tells it
    their losses (see :mod:`sk_hillclimb._training` for the loop).

    Parameters
    ----------
    solver : SearchSolver
        A derivative-free solver.
    problem : TrainingProblem
    speculative : bool
        Whether to plan and score several rounds per call (exact, see the
        module docstring) or one round at a time.

    Attributes
    ----------
    loss, best_loss : float
        The loss of the point the solver holds after the last round, and
        of the best point so far.
    n_discarded : int
        Candidates scored by speculation and never asked for by the solver.
    """

    def __init__(self, solver, problem, speculative=True):
        self.solver = solver
        self.problem = problem
        self.speculative = speculative
        self.n_discarded = 0
        self.loss = self.best_loss = np.inf
        self._used = 0  # evaluations told to the solver
        self._size = 1  # candidates in the last round
        self._plan, self._losses, self._next = [], [], 0
        # Acceptance statistics (exponentially decayed), prior p = 1/2.
        self._accepted = 1.0
        self._observed = 2.0
        self._costs = None
        self._depth_now = 1
        self._since_decision = _REDECIDE

    #: The ``tol`` rule watches the best loss so far (a search's current
    #: point may move uphill or restart).
    tol_watches_best = True

    @property
    def point(self):
        """The weights the solver holds."""
        return self.solver.held_point

    @property
    def result(self):
        """The weights to keep: the best point so far."""
        return self.solver.result

    def blas_threads(self):
        """BLAS threads for this driver's products (see ``_threads``)."""
        return self.problem.blas_threads(self.problem.n_samples, gradient=False)

    def start(self):
        """Score the starting point; return the evaluations it cost."""
        return self.step()

    def random_state(self):
        """Positions of the solver's random streams (see ``get_random_state``)."""
        return self.solver.get_random_state()

    def step(self, max_rounds=1, max_evals=np.inf):
        """Run one round; return its number of evaluations.

        Parameters
        ----------
        max_rounds : int
            Rounds that may still run, this one included: a plan never
            goes further.
        max_evals : float
            Evaluations that may still run: a plan stops at the round that
            reaches it.
        """
        if self._next >= len(self._plan) and self.speculative:
            depth = min(self._depth(), max_rounds, self._affordable_depth())
            if depth > 1:
                self._speculate(depth, max_evals)
        candidates = self.solver.ask()
        if self._next < len(self._plan):
            planned = self._plan[self._next]
            # Bit for bit (and cheaper than an elementwise comparison).
            if (
                planned.shape == candidates.shape
                and planned.tobytes() == candidates.tobytes()
            ):
                losses = self._losses[self._next]
                self._next += 1
                self._tell(candidates, losses)
                return len(candidates)
            # The previous round moved the solver: the rest of the plan,
            # made on the assumption that it would not, is void.
            self._drop()
        self._tell(candidates, self.problem.losses(candidates))
        return len(candidates)

    def _affordable_depth(self):
        """Deepest plan whose worst case keeps the waste within ``MAX_WASTE``.

        At worst every round of a plan but the first is discarded.
        """
        if self._used == 0:
            return 1
        spare = MAX_WASTE * self._used - self.n_discarded
        # Rounds of the last round's size: the solvers' rounds keep theirs.
        return 1 + max(int(spare // self._size), 0)

    def _tell(self, candidates, losses):
        # A solver that accepts a candidate moves to a new point: that is
        # what the acceptance rate counts (it only steers the plan depth;
        # exactness never depends on it).
        before = self.solver.theta
        self._used += len(candidates)
        self._size = len(candidates)
        self.solver.tell(candidates, losses)
        self.loss, self.best_loss = self.solver.held_loss, self.solver.loss
        if self.speculative:
            accepted = self.solver.theta is not before
            self._accepted = _DECAY * self._accepted + accepted
            self._observed = _DECAY * self._observed + 1.0
            if accepted and self.solver.plans_assume_rejection:
                # The rest of the plan is (almost surely) void: the next
                # round then starts a new plan rather than being scored
                # alone. Only a cost: every candidate is still compared.
                self._drop()

    def close(self):
        """Count what is left of the plan as discarded."""
        self._drop()

    # -- internals ------------------------------------------------------------

    def _drop(self):
        self.n_discarded += sum(len(c) for c in self._plan[self._next :])
        self._plan, self._losses, self._next = [], [], 0

    def _speculate(self, depth, max_evals):
        """Plan up to ``depth`` rounds and score them in one call."""
        rounds = self.solver.lookahead(depth)
        if isinstance(rounds, np.ndarray):
            # Rounds of equal size, one array: no copy to score them.
            size = rounds.shape[1]
            keep = max(1, min(len(rounds), -(-max_evals // size)))
            rounds = rounds[: int(keep)]
            losses = self.problem.losses(rounds.reshape(-1, rounds.shape[-1]))
            self._losses = losses.reshape(len(rounds), size)
        else:
            # No plan past the evaluation budget.
            ends = np.cumsum([len(c) for c in rounds])
            keep = max(1, int(np.searchsorted(ends, max_evals, side="left")) + 1)
            rounds, ends = rounds[:keep], ends[:keep]
            losses = self.problem.losses(np.concatenate(rounds))
            self._losses = [losses[end - len(c) : end] for c, end in zip(rounds, ends)]
        self._plan = rounds
        self._next = 0

    def _depth(self):
        """Plan depth minimising the expected cost per useful round."""
        # The acceptance rate drifts slowly: re-decide every few rounds.
        self._since_decision += 1
        if self._since_decision >= _REDECIDE:
            self._depth_now = self._decide()
            self._since_decision = 0
        return self._depth_now

    def _decide(self):
        if self._costs is None:
            self._costs = self._calibrate()
        per_call, per_candidate, per_plan, per_planned = self._costs
        p = min(max(self._accepted / self._observed, 1e-9), 1.0)
        K = np.arange(1, MAX_DEPTH + 1)
        # Expected rounds used, (1 - (1 - p)^K) / p, accurate for tiny p.
        used = -np.expm1(K * np.log1p(-p)) / p if p < 1 else np.ones(MAX_DEPTH)
        cost = (per_call + per_plan + K * (per_candidate + per_planned)) / used
        # One round alone needs no plan.
        cost[0] = per_call + per_candidate
        return int(K[np.argmin(cost)])

    def _calibrate(self):
        """Seconds per call, per candidate, per plan and per planned round.

        The cost of a candidate is measured on a slice of the rows and
        scaled to all of them; each time is the best of two runs, after a
        first one that warms the caches. The costs of scoring are kept for
        later fits of the same shape (a grid search, a cross-validation)
        in this process.
        """
        problem = self.problem
        n = problem.n_samples
        theta = np.array(self.solver.theta, dtype=np.float64)[None]

        def best_time(fn):
            fn()
            best = np.inf
            for _ in range(2):
                start = time.perf_counter()
                fn()
                best = min(best, time.perf_counter() - start)
            return best

        key = problem.shape_key()
        with _SCORING_COSTS_LOCK:
            costs = _SCORING_COSTS.get(key)
        if costs is None:
            m = min(n, _CALIBRATION_ROWS)
            sample = problem.head(m)
            one, many = (
                best_time(lambda k=k: sample.losses(np.repeat(theta, k, axis=0)))
                for k in (1, _CALIBRATION_POPULATION)
            )
            per_candidate = max((many - one) / (_CALIBRATION_POPULATION - 1), 1e-9)
            per_call = max(one - per_candidate, 1e-7)
            costs = per_call, per_candidate * n / m
            # Fits may run in threads (GridSearchCV with a threading backend).
            with _SCORING_COSTS_LOCK:
                if len(_SCORING_COSTS) >= _CACHE_SIZE:
                    _SCORING_COSTS.pop(next(iter(_SCORING_COSTS)))
                _SCORING_COSTS[key] = costs
        per_call, per_candidate = costs
        short = best_time(lambda: self.solver.lookahead(1))
        long = best_time(lambda: self.solver.lookahead(_CALIBRATION_POPULATION))
        per_planned = max((long - short) / (_CALIBRATION_POPULATION - 1), 0.0)
        per_plan = max(short - per_planned, 0.0)
        return per_call, per_candidate, per_plan, per_planned
