"""Stochastic hill climbing: Gaussian steps, kept when not worse."""

from ._base import Solver


class HillClimb(Solver):
    """Perturb the current weights; move if the loss does not increase.

    The tutorials' stochastic hill climber: each iteration proposes
    ``theta + step_size * N(0, I)`` and moves there if its loss is lower
    than or equal to the current one ("keep if not worse", which lets the
    search drift across the plateaus of a piecewise-constant objective such
    as accuracy).

    .. code-block:: text

        theta, f = theta0, f(theta0)
        repeat: c = theta + step_size * randn(D); if f(c) <= f: theta, f = c, f(c)

    Parameters
    ----------
    step_size : float
        Standard deviation of the Gaussian perturbation of every weight.
    """

    hyperparameters = ("step_size",)

    def __init__(self, theta0, *, rng, init_scale, step_size):
        super().__init__(theta0, rng=rng, init_scale=init_scale)
        self.step_size = step_size

    def ask(self):
        if self.loss == float("inf"):
            return self.theta[None]
        noise = self.rng.standard_normal((1, self.theta.size))
        noise *= self.step_size
        noise += self.theta
        return noise

    def tell(self, candidates, losses, grads=None):
        if losses[0] <= self.loss:
            self.theta, self.loss = candidates[0], float(losses[0])
            self._offer(self.theta, self.loss)
