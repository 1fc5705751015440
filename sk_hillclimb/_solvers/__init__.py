"""Solvers behind one ask/tell interface, and the table that names them.

A new solver is one new module with a :class:`Solver` subclass and one entry
in :data:`SOLVERS`; the estimators need no other change.
"""

from ._anneal import Anneal
from ._base import Solver
from ._cmaes import CMAES
from ._genetic import Genetic
from ._hillclimb import HillClimb
from ._random import RandomSearch
from ._sgd import SGDBackprop

#: Name -> solver class; the allowed values of the estimators' ``solver``.
SOLVERS = {
    "random": RandomSearch,
    "hillclimb": HillClimb,
    "sgd-backprop": SGDBackprop,
    "anneal": Anneal,
    "genetic": Genetic,
    "cmaes": CMAES,
}

__all__ = [
    "CMAES",
    "SOLVERS",
    "Anneal",
    "Genetic",
    "HillClimb",
    "RandomSearch",
    "SGDBackprop",
    "Solver",
]
