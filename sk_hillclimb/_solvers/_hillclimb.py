"""Stochastic hill climbing: Gaussian steps, kept when not worse."""

from ._search import SearchSolver


class HillClimb(SearchSolver):
    """Perturb the current weights; move if the loss does not increase.

    The tutorials' stochastic hill climber and the options that make it
    work beyond them. Each iteration proposes ``n_candidates`` points
    ``theta + step_size * N(0, I)`` (on a random ``perturb_fraction`` of the
    weights) and moves to the best one if its loss is lower than or equal
    to the current one: a (1 + lambda) strategy. "Keep if not worse" lets
    the search drift across the plateaus of a piecewise-constant objective
    such as accuracy.

    .. code-block:: text

        theta, f = theta0, f(theta0)
        repeat: c = best of theta + s * randn(lambda, D); success = f(c) <= f
                if success: theta, f = c, f(c)
                one-fifth rule: s *= exp(1/3) if success else exp(-1/12)
                restart: after `restart_patience` rounds without lowering
                f by more than tol, theta = best of lambda fresh networks

    The best point over all runs is the result, and the loss reported for
    each iteration is its loss.

    Parameters
    ----------
    step_size : float
        (Initial) standard deviation of the Gaussian perturbation, in units
        of ``step_scale``.
    step_scale : ndarray of shape (n_params,) or None
        Per-parameter unit of the step (see :class:`SearchSolver`); None
        is an absolute step.
    step_adaptation : {"one-fifth"} or None
        Adapt ``step_size`` by the one-fifth success rule (capped at 1000
        times its initial value); ``None`` keeps it fixed.
    n_candidates : int
        Candidates per iteration (lambda).
    perturb_fraction : float in (0, 1]
        Expected fraction of the weights each candidate perturbs.
    restart_patience : int or None
        Restart from fresh random weights after this many iterations in
        which the current run did not lower its loss by more than ``tol``.
    tol : float or None
        Improvement the restart rule asks for; ``None`` means any.
    """

    hyperparameters = (
        "step_size",
        "step_adaptation",
        "n_candidates",
        "perturb_fraction",
        "restart_patience",
        "tol",
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
        n_candidates=1,
        perturb_fraction=1.0,
        restart_patience=None,
        tol=None,
    ):
        super().__init__(
            theta0,
            rng=rng,
            init_scale=init_scale,
            step_scale=step_scale,
            init_center=init_center,
        )
        self._init_step(step_size, step_adaptation)
        self.n_candidates = n_candidates
        self.perturb_fraction = perturb_fraction
        self.restart_patience = restart_patience
        self.tol = 0.0 if tol is None else tol
        if restart_patience is not None:
            # Stalls are the restart rule's business: the fit runs its budget.
            self.default_n_iter_no_change = None
        self.n_restarts = 0
        self.fresh = True  # the next tell starts a run

    def ask(self):
        if not self.fresh:
            return self._gaussian_steps(
                self.n_candidates, self.step_size, self.perturb_fraction
            )
        return (
            self._draw_networks(self.n_candidates)
            if self.n_restarts
            else self.theta[None]
        )

    def lookahead(self, depth):
        if self.fresh:
            if self.n_restarts:
                return [self._draw_networks(self.n_candidates, ahead=True)]
            return [self.theta[None].copy()]
        # Rejected rounds only shrink the step (by the same products tell
        # computes) and bring a restart nearer: plan up to the restart.
        if self.restart_patience is not None:
            depth = min(depth, self.restart_patience - self.stalled)
        return self._gaussian_steps(
            self.n_candidates,
            self._rejected_steps(depth),
            self.perturb_fraction,
            rounds=depth,
        )

    def rescore(self, loss):
        # The restart rule counts the progress since its reference loss. A
        # minibatch round re-scores the current point on new rows: shift the
        # reference with it, so that the progress counted is that of moves
        # compared on the same rows, not the luck of one batch against
        # another (which made runs that still climbed restart).
        if not self.fresh:
            self.reference += loss - self.run_loss
        super().rescore(loss)

    def tell(self, candidates, losses, grads=None):
        best = 0 if len(losses) == 1 else int(losses.argmin())
        loss = float(losses[best])
        if self.fresh:
            self.theta, self.run_loss = candidates[best].copy(), loss
            self.step_size, self.fresh = self.initial_step_size, False
            self.reference, self.stalled = loss, 0
        else:
            success = self._increase(loss) <= 0
            if success:
                self.theta, self.run_loss = candidates[best].copy(), loss
            self._adapt_step(success)
            if self.restart_patience is not None:
                if self.run_loss < self.reference - self.tol:
                    self.reference, self.stalled = self.run_loss, 0
                else:
                    self.stalled += 1
                if self.stalled >= self.restart_patience:
                    self.fresh, self.n_restarts = True, self.n_restarts + 1
        self._offer(self.theta, self.run_loss)
        self.loss = self.best_loss
