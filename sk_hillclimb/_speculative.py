"""Exact speculative evaluation of derivative-free search rounds.

A hill climber that scores one candidate per round makes one small BLAS
call per round, and on small data the Python and call overhead of that
round costs more than the arithmetic. Speculation plans several rounds
ahead on a copy of the solver, assuming every planned candidate is
rejected, scores all planned candidates in one batched call, and then
replays the rounds on the real solver:

.. code-block:: text

    plan:   copy = deepcopy(solver)            # its rng included
            repeat K times: c = copy.ask(); copy.tell(c, +inf)
    score:  losses of all planned candidates, one call
    replay: each round c = solver.ask()
            if c equals the planned candidates: solver.tell(c, planned losses)
            else: drop the rest of the plan, score c (and plan again)

The real solver is asked and told in exactly the order of one-at-a-time
search and is told the true loss of every candidate it asked for, so the
trajectory (weights, losses, random draws) is identical; speculation only
changes how much work is discarded. That needs two things: ``ask()``
depends only on the solver's state and random generator, and the loss of a
candidate does not depend on the candidates scored with it (see
:meth:`TrainingProblem.losses <sk_hillclimb._problem.TrainingProblem.losses>`).
The plan is useful as long as the solver rejects: a solver whose ``tell``
consumes the same random numbers whatever the losses and treats ``+inf``
as a rejection gets every rejected round from the plan.

The depth ``K`` of each plan minimises the expected cost per useful round,
``(a + K b) / E(K)`` with ``E(K) = (1 - (1 - p)^K) / p`` the expected
number of rounds used before the first acceptance, where ``a`` is the cost
of a call, ``b`` the cost of one candidate (measured once on a slice of
the data) and ``p`` the recent acceptance rate. On large data ``b``
dominates and ``K`` falls to 1: no speculation, no waste.
"""

import copy
import time

import numpy as np

#: Most rounds planned at once.
MAX_DEPTH = 64
#: Weight of the previous acceptance statistics at each new observation.
_DECAY = 0.98
#: Rounds between two decisions of the plan depth.
_REDECIDE = 16
#: Rows of the slice the cost of a candidate is measured on.
_CALIBRATION_ROWS = 512


class SearchRounds:
    """Ask/evaluate/tell rounds of a derivative-free solver.

    Parameters
    ----------
    solver : Solver
        A solver with ``uses_gradient = False``.
    problem : TrainingProblem
    speculative : bool
        Whether to plan and score several rounds per call (exact, see the
        module docstring) or one round at a time.

    Attributes
    ----------
    n_discarded : int
        Candidates scored by speculation and never asked for by the solver.
    """

    def __init__(self, solver, problem, speculative=True):
        self.solver = solver
        self.problem = problem
        self.speculative = speculative
        self.n_discarded = 0
        self._plan = []
        self._next = 0
        # Acceptance statistics (exponentially decayed), prior p = 1/2.
        self._accepted = 1.0
        self._observed = 2.0
        self._costs = None
        self._best_depth = None
        self._since_decision = 0
        self._twin = None

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
        solver = self.solver
        candidates = solver.ask()
        if self._next < len(self._plan):
            planned, losses = self._plan[self._next]
            if planned.shape == candidates.shape and np.array_equal(
                planned, candidates
            ):
                self._next += 1
                self._tell(candidates, losses)
                return len(candidates)
            # The previous round moved the solver: the rest of the plan,
            # made on the assumption that it would not, is void.
            self._drop()
        depth = self._depth(max_rounds) if self.speculative else 1
        if depth > 1:
            losses = self._speculate(candidates, depth, max_evals)
        else:
            losses = self.problem.losses(candidates)
        self._tell(candidates, losses)
        return len(candidates)

    def _tell(self, candidates, losses):
        # A solver that accepts a candidate moves to a new point: that is
        # what the acceptance rate counts (it only steers the plan depth;
        # exactness never depends on it).
        before = getattr(self.solver, "theta", None)
        self.solver.tell(candidates, losses)
        if self.speculative:
            self._observe(getattr(self.solver, "theta", None) is not before)

    def close(self):
        """Count what is left of the plan as discarded."""
        self._drop()

    # -- internals ------------------------------------------------------------

    def _drop(self):
        self.n_discarded += sum(len(c) for c, _ in self._plan[self._next :])
        self._plan, self._next = [], 0

    def _observe(self, accepted):
        self._accepted = _DECAY * self._accepted + accepted
        self._observed = _DECAY * self._observed + 1.0

    def _speculate(self, candidates, depth, max_evals):
        """Plan ``depth - 1`` rounds after ``candidates``; score all at once."""
        shadow = self._clone()
        rounds = [candidates.copy()]
        planned = len(candidates)
        rejected = np.full(len(candidates), np.inf)
        shadow.tell(candidates, rejected)
        while len(rounds) < depth and planned < max_evals:
            # Copies: a solver may keep (and later change) what it asked.
            c = np.array(shadow.ask())
            rounds.append(c.copy())
            planned += len(c)
            shadow.tell(c, np.full(len(c), np.inf))
        losses = self.problem.losses(np.concatenate(rounds))
        ends = np.cumsum([len(c) for c in rounds])
        self._plan = [
            (c, losses[end - len(c) : end]) for c, end in zip(rounds[1:], ends[1:])
        ]
        self._next = 0
        return losses[: len(candidates)]

    def _clone(self):
        """A deep copy of the solver, its random generator included.

        Deep-copying a RandomState goes through pickling; copying its state
        into a generator kept for the purpose is several times faster.
        """
        rng = getattr(self.solver, "rng", None)
        memo = {}
        if isinstance(rng, np.random.RandomState):
            if self._twin is None:
                self._twin = np.random.RandomState()
            self._twin.set_state(rng.get_state())
            memo[id(rng)] = self._twin
        return copy.deepcopy(self.solver, memo)

    def _depth(self, max_rounds):
        """Plan depth minimising the expected cost per useful round."""
        if max_rounds <= 1:
            return 1
        # The acceptance rate drifts slowly: re-decide every few rounds.
        self._since_decision += 1
        if self._best_depth is None or self._since_decision >= _REDECIDE:
            self._best_depth = self._decide()
            self._since_decision = 0
        return min(self._best_depth, int(max_rounds))

    def _decide(self):
        if self._costs is None:
            self._costs = self._calibrate()
        limit = MAX_DEPTH
        p = self._accepted / self._observed
        per_call, per_candidate, per_plan, per_planned = self._costs
        K = np.arange(1, limit + 1)
        p = min(max(p, 1e-9), 1.0)
        # Expected rounds used, (1 - (1 - p)^K) / p, accurate for tiny p.
        used = -np.expm1(K * np.log1p(-p)) / p if p < 1 else np.ones(limit)
        cost = (per_call + per_plan + K * (per_candidate + per_planned)) / used
        # One round alone needs no plan.
        cost[0] = per_call + per_candidate
        return int(K[np.argmin(cost)])

    def _calibrate(self):
        """Seconds per call, per candidate, per plan and per planned round.

        The cost of a candidate is measured on a slice of the rows and
        scaled to all of them.
        """
        problem = self.problem
        n = problem.n_samples
        m = min(n, _CALIBRATION_ROWS)
        sample = problem.head(m)
        theta = np.array(self.solver.theta, dtype=np.float64)[None]
        times = {}
        for size in (1, 16):
            population = np.repeat(theta, size, axis=0)
            best = np.inf
            for _ in range(3):
                start = time.perf_counter()
                sample.losses(population)
                best = min(best, time.perf_counter() - start)
            times[size] = best
        per_candidate = max((times[16] - times[1]) / 15, 1e-9)
        per_call = max(times[1] - per_candidate, 1e-7)
        per_candidate *= n / m
        start = time.perf_counter()
        shadow = self._clone()
        per_plan = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(8):
            c = shadow.ask()
            shadow.tell(c, np.full(len(c), np.inf))
        per_planned = (time.perf_counter() - start) / 8
        return per_call, per_candidate, per_plan, per_planned
