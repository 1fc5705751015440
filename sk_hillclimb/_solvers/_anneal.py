"""Simulated annealing: Gaussian steps, worse ones kept with a probability."""

import math

import numpy as np

from ._search import SearchSolver
from ._streams import generator


class Anneal(SearchSolver):
    """Accept a worse step with probability ``exp(-increase / temperature)``.

    Each iteration proposes one point ``theta + step_size * N(0, I)`` (on a
    random ``perturb_fraction`` of the weights). A step that does not
    increase the loss is always taken; one that increases it by ``delta``
    is taken with probability ``exp(-delta / T)`` (the Metropolis rule),
    so early on, while ``T`` is high, the search can climb out of a local
    minimum. The temperature cools geometrically, ``T = initial_temperature
    * cooling ** k`` after ``k`` iterations, and the search ends as a hill
    climber.

    .. code-block:: text

        theta, f, T = theta0, f(theta0), T0
        repeat: c = theta + s * randn(D); E ~ Exp(1)
                if f(c) - f <= T * E: theta, f = c, f(c)   # P = exp(-delta/T)
                T *= cooling

    The variate ``E`` is drawn every iteration, whatever the losses, from
    a stream of its own: at a temperature near zero the search follows
    ``"hillclimb"`` with the same seed step for step. The
    best point seen is the result, and the loss reported for each
    iteration is its loss.

    Parameters
    ----------
    step_size : float
        Standard deviation of the Gaussian perturbation.
    perturb_fraction : float in (0, 1]
        Expected fraction of the weights each candidate perturbs.
    initial_temperature : float
        Temperature of the first iteration, in units of the loss.
    cooling : float in (0, 1]
        Factor applied to the temperature after every iteration.
    """

    # Annealing is a schedule: it has to cool down to end as a hill climber,
    # and while it is hot the best loss stalls by design.
    default_n_iter_no_change = None
    hyperparameters = (
        "step_size",
        "perturb_fraction",
        "initial_temperature",
        "cooling",
    )

    def __init__(
        self,
        theta0,
        *,
        rng,
        init_scale,
        step_size,
        perturb_fraction=1.0,
        initial_temperature=0.001,
        cooling=0.995,
    ):
        super().__init__(theta0, rng=rng, init_scale=init_scale)
        self.step_size = step_size
        self.perturb_fraction = perturb_fraction
        self.temperature = initial_temperature
        self.cooling = cooling
        self.fresh = True
        # The Metropolis variates come from a stream of their own, spawned
        # from the steps' seed: with the same random_state, annealing
        # proposes exactly the steps of "hillclimb", and the two differ only
        # by the uphill steps annealing takes.
        self.metropolis_rng = generator(self.seed_sequence.spawn(1)[0])

    def ask(self):
        if self.fresh:
            return self.theta[None]
        return self._gaussian_steps(1, self.step_size, self.perturb_fraction)

    def lookahead(self, depth):
        if self.fresh:
            return [self.theta[None].copy()]
        # Rejections change nothing but the temperature, which the steps do
        # not depend on.
        return self._gaussian_steps(
            1, np.full(depth, self.step_size), self.perturb_fraction, rounds=depth
        )

    @property
    def current_loss(self):
        return self.run_loss

    def rescore(self, loss):
        if not self.fresh:
            self.run_loss = loss

    def tell(self, candidates, losses, grads=None):
        loss = float(losses[0])
        if self.fresh:
            self.run_loss, self.fresh = loss, False
        else:
            threshold = self.temperature * self.metropolis_rng.standard_exponential()
            if loss < math.inf and loss - self.run_loss <= threshold:
                self.theta, self.run_loss = candidates[0], loss
            self.temperature *= self.cooling
        self._offer(self.theta, self.run_loss)
        self.loss = self.best_loss
