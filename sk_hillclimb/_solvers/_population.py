"""The base of the population solvers: a generation of networks per iteration."""

import math

from ._search import SearchSolver


def default_population_size(n_params):
    """``4 + floor(3 ln n)``, the standard CMA-ES population (Hansen, 2016).

    25 for a 64-16-10 network, 16 for a 5-10-1 one.
    """
    return 4 + int(3 * math.log(n_params))


def stall_patience(n_params, population_size):
    """Generations the ``tol`` rule waits for a population solver.

    ``10 + ceil(30 n / lambda)``: the history of the TolFun criterion in
    Hansen's CMA-ES tutorial (appendix B.3), about ``30 n`` evaluations,
    the time a search distribution needs to move by its own scale. A fixed
    50 generations (under a thousand evaluations of a small population)
    stopped the spiral's (16,) network on a plateau at 40% training
    accuracy without a warning, for both population solvers.
    """
    return 10 + math.ceil(30 * n_params / population_size)


class PopulationSolver(SearchSolver):
    """A search that scores ``population_size`` networks an iteration.

    Subclasses call :meth:`_set_population_size` in ``__init__``; it sets
    :attr:`population_size` and the ``tol`` rule's default patience,
    :func:`stall_patience` generations.
    """

    @classmethod
    def evaluations_per_iteration(cls, n_params, hyper):
        """A generation: ``population_size`` networks."""
        return hyper.get("population_size") or default_population_size(n_params)

    def _set_population_size(self, population_size):
        """``population_size``, None for :func:`default_population_size`."""
        n = self.theta.size
        if population_size is None:
            population_size = default_population_size(n)
        self.population_size = int(population_size)
        self.default_n_iter_no_change = stall_patience(n, self.population_size)
