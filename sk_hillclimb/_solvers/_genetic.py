"""A real-valued genetic algorithm on the flat weight vector."""

import numpy as np
from scipy.special import ndtri

from ._population import PopulationSolver
from ._streams import RandomRows, generator

#: Members drawn for each tournament; the best of them becomes a parent.
TOURNAMENT_SIZE = 2
#: Share of each population carried over unchanged (elitism), at least one.
ELITE_FRACTION = 0.1
_TINY = 2.0**-60
_EPSILON = 2.0**-53
#: Breeding a gene costs about as much as 25 passes of a ufunc over it
#: (crossover, the mutation test and the quantiles of a fifth of the
#: genes): its weight in :data:`~sk_hillclimb._pool.MIN_VALUES_PER_THREAD`.
_BREED_VALUES = 25


class Genetic(PopulationSolver):
    """Tournament selection, uniform crossover, Gaussian mutation, elitism.

    A generational genetic algorithm on real-valued genes, the weights of
    the network. Each generation breeds ``P = population_size`` children
    and scores them in one batched call:

    .. code-block:: text

        population = theta0 and P - 1 mutants theta0 + step_size * s * N(0, I)
        repeat: for each of P children (all at once):
                    a, b = winners of two tournaments (the best of 2 members)
                    child = a or b, gene by gene, with probability 1/2 each
                    each gene += step_size * s * N(0, 1) with probability
                                 mutation_rate   (s: initialisation scale)
                score the children
                population = best P of (children + the E best of the last one)

    With ``E = max(1, floor(P / 10))`` elites, the best network found is never
    lost and the loss reported for each generation (its loss) never
    rises. Mutations are in units of the per-weight initialisation scale
    ``s``, so that ``step_size`` means the same on every layer and
    network. Selection, crossover and mutation draw from the solver's own
    streams, read ahead without being consumed by :meth:`ask` (``tell``
    consumes them whatever the losses), so that :meth:`lookahead` is
    exact.

    Parameters
    ----------
    step_size : float
        Standard deviation of a mutation, in units of the initialisation
        scale.
    population_size : int or None
        ``P``: networks per generation, hence evaluations per generation;
        None is CMA-ES's ``4 + floor(3 ln n)`` (:func:`default_population_size
        <sk_hillclimb._solvers._population.default_population_size>`).
        Twice as many (the earlier default) left half the generations in
        a budget of evaluations. With this size, the panel of
        ``benchmarks/defaults.py`` (seeds 0-2) gives the digits' default
        (100,) network 73.0% test accuracy and the spiral 50.4% training
        accuracy.
    mutation_rate : float in (0, 1]
        Probability that a gene of a child is mutated.

    References
    ----------
    D. E. Goldberg and K. Deb, "A Comparative Analysis of Selection
    Schemes Used in Genetic Algorithms", Foundations of Genetic
    Algorithms, 1991 (tournament selection).

    G. Syswerda, "Uniform Crossover in Genetic Algorithms", ICGA 1989.
    """

    #: Mutation scale in units of each weight's initialisation scale.
    default_step_size = 0.1
    tuning_hint = "step_size (the mutation's scale) or mutation_rate"
    hyperparameters = ("step_size", "population_size", "mutation_rate")
    #: Breeding a child (crossover and mutation draws) costs about 200
    #: multiply-adds per weight more than a hill climber's step. On the
    #: digits' (100,) network (cProfile of 60 generations, one thread,
    #: 2026-12-07) a generation of 30 children took 3.8 ms to breed against
    #: 22.8 ms to score (4.6 ms before breeding went without np.where's
    #: temporaries); with ``n_jobs`` the breeding shares the threads too.
    candidate_cost = 200

    def __init__(
        self,
        theta0,
        *,
        rng,
        init_scale,
        step_size,
        population_size=None,
        mutation_rate=0.2,
        step_scale=None,
        init_center=None,
    ):
        super().__init__(
            theta0,
            rng=rng,
            init_scale=init_scale,
            step_scale=step_scale,
            init_center=init_center,
        )
        self._set_population_size(population_size)
        self.n_elites = max(1, int(ELITE_FRACTION * self.population_size))
        self.mutation_rate = mutation_rate
        unit = np.ones(self.theta.size) if step_scale is None else step_scale
        self.mutation_scale = step_size * np.asarray(unit, dtype=np.float64)
        # Uniform numbers choosing the tournaments' members, per child.
        self.tournaments = RandomRows(
            generator(self.seed_sequence.spawn(1)[0]), 2 * TOURNAMENT_SIZE, "random"
        )
        self._asked = None  # the next generation's children, once bred
        self.population = None  # (P, n_params), best first
        self.population_losses = None
        self.fresh = True  # the next round scores a whole population

    # -- ask ------------------------------------------------------------------

    def ask(self):
        if not self.fresh:
            # A speculative plan asks for the same generation before ask
            # does: bred once (tell rebinds the state, and _asked with it).
            if self._asked is None:
                self._asked = self._children()
            return self._asked
        if self.population is not None:
            # A warm start re-scores the saved population (the data may
            # have changed) with the fitted weights, if not among them.
            if np.any(np.all(self.population == self.theta, axis=1)):
                return self.population
            return np.vstack([self.theta[None], self.population])
        # Variations of one network, not unrelated networks: crossing two
        # networks whose hidden units play different roles (in a
        # different order) breaks both.
        mutants = self.steps.peek(self.population_size - 1) * self.mutation_scale
        mutants += self.theta
        return np.vstack([self.theta[None], mutants])

    def _children(self):
        n, size = self.population_size, len(self.population)
        # The population is sorted by loss: a tournament's winner is its
        # smallest index.
        members = (self.tournaments.peek(n) * size).astype(np.intp)
        parents = members.reshape(n, 2, TOURNAMENT_SIZE).min(axis=2)
        draws = self.masks.peek(2 * n, self.pool)
        children = np.empty((n, self.theta.size))
        # Each child depends on its own parents and draws only: rows of
        # children bred on several threads are the same bits.
        self.pool.map_rows(
            lambda rows: self._breed(
                parents[rows], draws[rows], draws[n:][rows], children[rows]
            ),
            n,
            _BREED_VALUES * self.theta.size,
        )
        return children

    def _breed(self, parents, crossover, mutation, out):
        """Children of ``parents`` (pairs of indices) into ``out``.

        Uniform crossover takes the first parent's gene where the
        ``crossover`` draw is below 1/2; a gene mutates where its
        ``mutation`` draw is below the mutation rate.
        """
        # The second parent, then the first over it, without the two
        # temporaries of np.where: each fresh array of a generation's size
        # cost page faults.
        np.take(self.population, parents[:, 1], axis=0, out=out)
        np.copyto(out, self.population[parents[:, 0]], where=crossover < 0.5)
        # A gene mutates when its uniform u < mutation_rate; given that, u /
        # mutation_rate is uniform on [0, 1) and its normal quantile is the
        # N(0, 1) mutation. One uniform per gene decides and draws, and only
        # the mutated genes (a fifth by default) cost a Gaussian: a
        # standard_normal for every gene cost more than scoring the child.
        flat = np.flatnonzero(mutation < self.mutation_rate)
        quantiles = mutation.ravel()[flat] / self.mutation_rate
        # Never 0 or 1, whose quantiles are infinite.
        np.clip(quantiles, _TINY, 1 - _EPSILON, out=quantiles)
        genes = self.mutation_scale[flat % out.shape[1]]
        out.ravel()[flat] += ndtri(quantiles) * genes

    def lookahead(self, depth):
        # The next generation depends on this one's losses: one round.
        return [self.ask()]

    # -- tell -----------------------------------------------------------------

    def tell(self, candidates, losses, grads=None):
        if self.fresh:
            if self.population is None:
                self.steps.take(self.population_size - 1)
            pool, pool_losses = list(candidates), losses
            self.fresh = False
        else:
            n = self.population_size
            self._asked = None
            self.tournaments.take(n)
            self.masks.take(2 * n)
            elites = self.n_elites
            pool = [*self.population[:elites], *candidates]
            pool_losses = np.concatenate([self.population_losses[:elites], losses])
        # Stable: of equal losses the elder (an elite) ranks first.
        order = np.argsort(pool_losses, kind="stable")[: self.population_size]
        # The survivors' rows copied once, not stacked with the rest first.
        self.population = np.stack([pool[i] for i in order])
        self.population_losses = pool_losses[order]
        self.theta = self.population[0]
        self._offer(self.theta, float(self.population_losses[0]))
        self.loss = self.best_loss

    @property
    def held_loss(self):
        """The loss of the best member of the population (elitism keeps it)."""
        return (
            self.best_loss
            if self.population_losses is None
            else float(self.population_losses[0])
        )

    # -- warm starts ----------------------------------------------------------

    def get_random_state(self):
        """Stream positions and the population.

        A warm start then re-scores this population (and the fitted
        weights) and breeds on from it, as if the fit had not stopped.
        """
        state = super().get_random_state()
        state["search"] = {"population": self.population}
        return state

    def set_random_state(self, state):
        """Go on from what :meth:`get_random_state` returned."""
        super().set_random_state(state)
        self._asked = None
        saved = state.get("search")
        if saved is not None and saved["population"] is not None:
            self.population = np.asarray(saved["population"], dtype=np.float64)
