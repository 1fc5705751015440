"""Solvers behind one ask/tell interface, and the table that names them.

A new solver is one new module with a :class:`Solver` subclass (a
:class:`SearchSolver` for a derivative-free one, a :class:`PopulationSolver`
for one that scores a generation of networks an iteration) and one entry in
:data:`SOLVERS`; the estimators need no other change.
"""

from ._adam import Adam
from ._anneal import Anneal
from ._base import Solver
from ._cmaes import CMAES
from ._genetic import Genetic
from ._hillclimb import HillClimb
from ._population import PopulationSolver
from ._random import RandomSearch
from ._search import SearchSolver
from ._sgd import SGDBackprop

#: Name -> solver class; the allowed values of the estimators' ``solver``.
SOLVERS = {
    "random": RandomSearch,
    "hillclimb": HillClimb,
    "sgd-backprop": SGDBackprop,
    "anneal": Anneal,
    "adam": Adam,
    "genetic": Genetic,
    "cmaes": CMAES,
}

__all__ = [
    "CMAES",
    "SOLVERS",
    "Adam",
    "Anneal",
    "Genetic",
    "HillClimb",
    "PopulationSolver",
    "RandomSearch",
    "SGDBackprop",
    "SearchSolver",
    "Solver",
]
