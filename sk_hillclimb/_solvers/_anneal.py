"""Simulated annealing: Gaussian steps, worse ones kept with a probability."""

import math

from ._search import SearchSolver
from ._streams import generator

# Proposals scored before an "auto" temperature is set: enough worse moves
# for a mean, few enough to be a negligible part of the budget.
_CALIBRATION_ROUNDS = 20
# Weight of the latest worse move in the running mean of their increases.
_UPHILL_WEIGHT = 0.05
# Probability of taking a typical worse move at the start of an "auto"
# schedule. The increases of worse moves are skewed (many small ones, a few
# large ones that make the mean), so even this takes many small worse
# moves. On the digits of benchmarks/defaults.py at 4000 rounds, seeds 0-4,
# 0.003 reached 95.1% test accuracy (min 94.2%), 0.01 93.3% and 0.03
# 94.1% (final temperature 1e-6; benchmarks/design_checks.py).
_INITIAL_ACCEPTANCE = 0.003
# Temperature at the end of an "auto" cooling schedule, relative to its
# start: cold enough that the last part of the fit climbs like
# "hillclimb" (a millionfold fall spends about half the budget below a
# thousandth of the start).
_FINAL_TEMPERATURE = 1e-6


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
                one-fifth rule on s (if adapted): success is f(c) <= f

    With ``initial_temperature="auto"`` the temperature is in units of the
    typical worse move instead of the loss: the first proposals are scored
    at temperature zero, then ``T = cooling ** k * m / log(1 / 0.003)``,
    with ``m`` a running mean of the increases of the worse proposals, so
    that a typical worse move is taken with probability 0.3% at first and
    ever more rarely as the schedule cools, whatever the scale of the
    loss and however the step adapts.

    The variate ``E`` is drawn every iteration, whatever the losses, from
    a stream of its own: at a temperature near zero the search follows
    ``"hillclimb"`` with the same seed step for step. The
    best point seen is the result, and the loss reported for each
    iteration is its loss.

    Parameters
    ----------
    step_size : float
        (Initial) standard deviation of the Gaussian perturbation, in units
        of ``step_scale``.
    step_scale : ndarray of shape (n_params,) or None
        Per-parameter unit of the step (see :class:`SearchSolver`).
    step_adaptation : {"one-fifth"} or None
        Adapt ``step_size`` by the one-fifth success rule, a success being
        a proposal no worse than the current point; ``None`` keeps it
        fixed.
    perturb_fraction : float in (0, 1]
        Expected fraction of the weights each candidate perturbs.
    initial_temperature : float or "auto"
        Temperature of the first iteration, in units of the loss, or
        "auto" (see above).
    cooling : float in (0, 1]
        Factor applied to the temperature after every iteration.
    """

    # Annealing is a schedule: it has to cool down to end as a hill climber,
    # and while it is hot the best loss stalls by design.
    default_n_iter_no_change = None
    hyperparameters = (
        "step_size",
        "step_adaptation",
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
        step_scale=None,
        init_center=None,
        step_adaptation=None,
        perturb_fraction=1.0,
        initial_temperature=0.001,
        cooling=0.995,
    ):
        super().__init__(
            theta0,
            rng=rng,
            init_scale=init_scale,
            step_scale=step_scale,
            init_center=init_center,
        )
        self._init_step(step_size, step_adaptation)
        self.perturb_fraction = perturb_fraction
        self.auto = initial_temperature == "auto"
        self.temperature = 0.0 if self.auto else initial_temperature
        self.uphill = None  # running mean of the worse proposals' increases
        self.schedule = 1.0  # cooling ** iterations, for "auto"
        self.n_proposed = 0
        self.cooling = cooling
        self.fresh = True
        # The Metropolis variates come from a stream of their own, spawned
        # from the steps' seed: with the same random_state, annealing
        # proposes exactly the steps of "hillclimb", and the two differ only
        # by the uphill steps annealing takes.
        self.metropolis_rng = generator(self.seed_sequence.spawn(1)[0])

    @staticmethod
    def auto_cooling(n_rounds):
        """The ``cooling`` that divides the temperature by 1e6 in ``n_rounds``."""
        return _FINAL_TEMPERATURE ** (1 / max(n_rounds, 1))

    def ask(self):
        if self.fresh:
            return self.theta[None]
        return self._gaussian_steps(1, self.step_size, self.perturb_fraction)

    def lookahead(self, depth):
        if self.fresh:
            return [self.theta[None].copy()]
        # Rejections change the temperature, which the steps do not depend
        # on, and shrink an adapted step.
        return self._gaussian_steps(
            1, self._rejected_steps(depth), self.perturb_fraction, rounds=depth
        )

    def tell(self, candidates, losses, grads=None):
        loss = float(losses[0])
        if self.fresh:
            self.run_loss, self.fresh = loss, False
        else:
            threshold = self.temperature * self.metropolis_rng.standard_exponential()
            increase = self._increase(loss)
            success = increase <= 0
            if increase <= threshold:
                self.theta, self.run_loss = candidates[0], loss
            self._adapt_step(success)
            if self.auto:
                self._calibrate(increase)
            else:
                self.temperature *= self.cooling
        self._offer(self.theta, self.run_loss)
        self.loss = self.best_loss

    def _calibrate(self, increase):
        """Follow the typical worse move; set the temperature from it.

        The mean increase is a running (exponential) mean, so that the
        temperature follows the scale of the moves as the step adapts and
        the loss falls: the probability of taking a typical worse move
        falls from ``_INITIAL_ACCEPTANCE`` with the schedule.
        """
        self.n_proposed += 1
        if 0 < increase < math.inf:
            if self.uphill is None:
                self.uphill = increase
            self.uphill += _UPHILL_WEIGHT * (increase - self.uphill)
        self.schedule *= self.cooling
        if self.n_proposed >= _CALIBRATION_ROUNDS and self.uphill is not None:
            typical = self.uphill / math.log(1 / _INITIAL_ACCEPTANCE)
            self.temperature = typical * self.schedule
