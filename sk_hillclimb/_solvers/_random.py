"""Random search: fresh weights from the initialisation distribution."""

from ._search import SearchSolver


class RandomSearch(SearchSolver):
    """Draw independent networks from the initialisation distribution.

    Each iteration draws ``n_candidates`` new parameter vectors from the
    same Glorot-uniform distribution that initialises the network and keeps
    the best of them if its loss is lower than the best so far. This is
    the tutorials' first attempt: it ignores everything learned so far and
    fails as soon as the network has more than a handful of weights.

    .. code-block:: text

        best = theta0, f(theta0)
        repeat: theta ~ U(-scale, scale); keep if f(theta) < f(best)

    Parameters
    ----------
    n_candidates : int
        Networks drawn (and scored in one batch) per iteration.
    """

    # A record after t draws comes with probability 1/(t+1): stalls are the
    # normal course of random search, not a sign of convergence.
    default_n_iter_no_change = None
    # The tutorials' negative example: it misses scikit-learn's 0.83
    # accuracy bar on three blobs with the default (100,) network.
    poor_score = True
    hyperparameters = ("n_candidates",)
    # Fresh networks whatever was accepted: a plan outlives a record.
    plans_assume_rejection = False

    def __init__(self, theta0, *, rng, init_scale, n_candidates=1, init_center=None):
        super().__init__(
            theta0, rng=rng, init_scale=init_scale, init_center=init_center
        )
        self.n_candidates = n_candidates

    def ask(self):
        if self.loss == float("inf"):
            return self.theta[None]
        return self._draw_networks(self.n_candidates)

    def lookahead(self, depth):
        if self.loss == float("inf"):
            return [self.theta[None].copy()]
        # Fresh networks whatever was accepted: every planned round is used.
        n = self.n_candidates
        return self._draw_networks(n * depth, ahead=True).reshape(depth, n, -1)

    @property
    def current_loss(self):
        return self.loss

    @property
    def held_loss(self):
        """The best network drawn so far is the one random search holds."""
        return self.loss

    def rescore(self, loss):
        if self.loss < float("inf"):
            self.loss = loss

    def tell(self, candidates, losses, grads=None):
        best = losses.argmin()
        if losses[best] < self.loss:
            self.theta, self.loss = candidates[best].copy(), float(losses[best])
            self._offer(self.theta, self.loss)
