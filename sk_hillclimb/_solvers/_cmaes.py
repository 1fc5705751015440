"""CMA evolution strategy: full covariance for small networks, diagonal for large."""

import math

import numpy as np

from ._base import Solver

#: Largest number of weights searched with a full covariance matrix; larger
#: networks get the separable (diagonal) variant, O(n_params) memory.
FULL_COVARIANCE_MAX_PARAMS = 200
#: Smallest eigenvalue kept when the covariance matrix is decomposed, so
#: that rounding never makes it indefinite.
_MIN_EIGENVALUE = 1e-20
EVALUATE_MEAN = False
PYCMA_SEP = False
PYCMA_SEP_CC = False


def default_population_size(n_params):
    """``4 + floor(3 ln n)``, the standard CMA-ES population (Hansen, 2016)."""
    return 4 + int(3 * math.log(n_params))


class CMAES(Solver):
    """Covariance matrix adaptation evolution strategy (CMA-ES).

    Each generation samples ``lambda = population_size`` networks around
    a mean ``m``, in units of the initialisation scale ``s`` (the
    per-weight half-width of the initialisation, so that ``sigma``
    means the same on every layer and network):

    .. code-block:: text

        theta_k = m + sigma * s * y_k,   y_k = B D z_k ~ N(0, C),  z_k ~ N(0, I)

        sort by loss; y_w = sum_i w_i y_i over the mu = lambda // 2 best
        m     <- m + sigma * s * y_w
        p_s   <- (1 - c_s) p_s + sqrt(c_s (2 - c_s) mu_eff) C^(-1/2) y_w
        p_c   <- (1 - c_c) p_c + h_s sqrt(c_c (2 - c_c) mu_eff) y_w
        C     <- (1 - c_1 - c_mu + c_1 delta(h_s)) C + c_1 p_c p_c^T
                 + c_mu sum_i w_i y_i y_i^T
        sigma <- sigma exp((c_s / d_s) (|p_s| / E|N(0, I)| - 1))

    with the default population size ``4 + floor(3 ln n)``, the positive
    recombination weights ``w_i ~ ln((lambda + 1) / 2) - ln i`` and the
    learning rates ``c_s, d_s, c_c, c_1, c_mu`` of Hansen's tutorial (its
    Table 1, without the negative weights of active CMA). Networks of up
    to :data:`FULL_COVARIANCE_MAX_PARAMS` weights adapt a full matrix
    ``C``, whose eigendecomposition ``C = B D^2 B^T`` is refreshed every
    ``0.5 / ((c_1 + c_mu) n)`` generations only (as pycma's ``purecma``
    does), which keeps a generation at ``O(lambda n^2)``. Larger networks
    adapt the diagonal of ``C`` only (sep-CMA-ES, Ros and Hansen 2008),
    with ``c_1`` and ``c_mu`` multiplied by ``(n + 2) / 3``: ``O(lambda
    n)`` time and ``O(n)`` memory per generation, and a diagonal is learnt
    within the budgets a network of thousands of weights gets, where a
    full matrix would learn next to nothing.

    The first round scores the starting point alone; the best network
    seen is the result, and the loss reported for each generation is its
    loss. A generation whose candidates all overflow (losses ``+inf``)
    halves ``sigma`` and changes nothing else.

    Parameters
    ----------
    step_size : float
        Initial ``sigma``, in units of the initialisation scale: the first
        generation's candidates are ``m + step_size * s * N(0, I)``.
    population_size : int or None
        ``lambda``, candidates per generation; None is ``4 + floor(3 ln
        n_params)``.

    References
    ----------
    N. Hansen, "The CMA Evolution Strategy: A Tutorial", 2016,
    arXiv:1604.00772, https://arxiv.org/abs/1604.00772.

    R. Ros and N. Hansen, "A Simple Modification in CMA-ES Achieving
    Linear Time and Space Complexity", PPSN X, 2008,
    https://doi.org/10.1007/978-3-540-87700-4_30.

    N. Hansen, ``cma/purecma.py`` in pycma, https://github.com/CMA-ES/pycma.
    """

    # A generation is many evaluations, and sigma shrinks by itself near a
    # minimum, where gains below tol are the normal course.
    default_n_iter_no_change = 50
    hyperparameters = ("step_size", "population_size")

    def __init__(self, theta0, *, rng, init_scale, step_size, population_size=None):
        super().__init__(theta0, rng=rng, init_scale=init_scale)
        n = self.theta.size
        self.full = n <= FULL_COVARIANCE_MAX_PARAMS
        if population_size is None:
            population_size = default_population_size(n)
        self.population_size = lam = int(population_size)
        self._set_learning_rates(n, lam)
        self.scale = np.asarray(init_scale, dtype=np.float64)
        self.sigma = float(step_size)
        self.mean = self.theta
        self.ps = np.zeros(n)
        self.pc = np.zeros(n)
        # Full: C, its eigenbasis B and the square roots of its eigenvalues;
        # separable: the diagonal of C.
        self.C = np.eye(n) if self.full else np.ones(n)
        self.B = np.eye(n) if self.full else None
        self.sqrt_eigenvalues = np.ones(n)
        self.generation = 0
        self.since_decomposition = 0
        self.fresh = True  # the next round scores theta alone

    def _set_learning_rates(self, n, lam):
        """Weights and learning rates of Hansen's tutorial, Table 1."""
        mu = max(1, lam // 2)
        raw = math.log((lam + 1) / 2) - np.log(np.arange(1, lam + 1))
        positive, negative = raw[:mu], np.minimum(raw[mu:], 0.0)
        self.mueff = mueff = positive.sum() ** 2 / np.sum(positive**2)
        self.cs = (mueff + 2) / (n + mueff + 5)
        self.ds = 1 + 2 * max(0.0, math.sqrt((mueff - 1) / (n + 1)) - 1) + self.cs
        self.cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n)
        c1 = 2 / ((n + 1.3) ** 2 + mueff)
        cmu = 2 * (mueff - 2 + 1 / mueff) / ((n + 2) ** 2 + mueff)
        if not self.full:
            # sep-CMA-ES: a diagonal has n entries to learn, not n^2 / 2.
            c1, cmu = c1 * (n + 2) / 3, cmu * (n + 2) / 3
            if PYCMA_SEP:
                c1 = 1 / (n + 2 * n**0.5 + mueff / n)
                cmu = (0.25 + mueff + 1 / mueff - 2) / (n + 4 * n**0.5 + mueff / 2)
                self.cc = (1 + 1 / n + mueff / n) / (n**0.5 + 1 / n + 2 * mueff / n)
            if PYCMA_SEP_CC:
                self.cc = (1 + 1 / n + mueff / n) / (n**0.5 + 1 / n + 2 * mueff / n)
        self.c1 = c1 = min(c1, 1.0)
        self.cmu = cmu = min(cmu, 1.0 - c1)
        # Active CMA: the worse half gets negative weights, which shrink C
        # along the directions that failed; scaled so that C does not decay
        # (alpha_mu), by their own variance effectiveness (alpha_mueff) and
        # so that C stays positive definite (alpha_posdef).
        scale = 0.0
        if negative.sum() < 0 and cmu > 0:
            mueff_minus = negative.sum() ** 2 / np.sum(negative**2)
            scale = (
                min(
                    1 + c1 / cmu,
                    1 + 2 * mueff_minus / (mueff + 2),
                    (1 - c1 - cmu) / (n * cmu),
                )
                / -negative.sum()
            )
        self.weights = np.concatenate([positive / positive.sum(), negative * scale])
        self.chi_n = math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n**2))
        self.decomposition_gap = max(1, int(0.5 / ((c1 + cmu) * n)))

    def _directions(self, z):
        """``y = B D z`` (full) or ``sqrt(C) z`` (separable), row-wise."""
        if self.full:
            return (z * self.sqrt_eigenvalues) @ self.B.T
        return z * self.sqrt_eigenvalues

    def ask(self):
        if self.fresh:
            return self.theta[None]
        # Peeked, not taken: tell takes the same rows, whatever the losses.
        y = self._directions(self.steps.peek(self.population_size))
        y *= self.sigma * self.scale
        y += self.mean
        if EVALUATE_MEAN:
            return np.vstack([self.mean[None], y])
        return y

    def lookahead(self, depth):
        # The next generation depends on this one's losses: one round.
        return [self.ask()]

    def tell(self, candidates, losses, grads=None):
        if self.fresh:
            self.fresh = False
            self._offer(candidates[0].copy(), float(losses[0]))
            self.loss = self.best_loss
            return
        z = self.steps.take(self.population_size)
        if EVALUATE_MEAN:
            self._offer(candidates[0].copy(), float(losses[0]))
            candidates, losses = candidates[1:], losses[1:]
        order = np.argsort(losses, kind="stable")
        best = order[0]
        self._offer(candidates[best].copy(), float(losses[best]))
        self.loss = self.best_loss
        if losses[best] == math.inf:
            # Nothing to rank; a smaller sigma may bring finite losses back.
            self.sigma /= 2
            return
        self._update(z[order])

    def _update(self, z):
        """One generation's update from the ``lambda`` draws ``z``, best first."""
        n = self.theta.size
        self.generation += 1
        y = self._directions(z)
        mu = self.population_size // 2 or 1
        w = self.weights[:mu]
        y_w = w @ y[:mu]
        self.mean = self.mean + (self.sigma * self.scale) * y_w
        self.theta = self.mean
        # C^(-1/2) y_w = B z_w: the step in the coordinates where C is I.
        z_w = w @ z[:mu]
        whitened = self.B @ z_w if self.full else z_w
        self.ps = (1 - self.cs) * self.ps + math.sqrt(
            self.cs * (2 - self.cs) * self.mueff
        ) * whitened
        norm_ps = float(np.linalg.norm(self.ps))
        # Stall the rank-one update while |p_s| is large (sigma growing fast).
        hsig = (
            norm_ps / math.sqrt(1 - (1 - self.cs) ** (2 * self.generation))
            < (1.4 + 2 / (n + 1)) * self.chi_n
        )
        self.pc = (1 - self.cc) * self.pc + hsig * math.sqrt(
            self.cc * (2 - self.cc) * self.mueff
        ) * y_w
        delta = (1 - hsig) * self.cc * (2 - self.cc)
        decay = 1 - self.c1 - self.cmu * self.weights.sum() + self.c1 * delta
        # A negative weight acts on the direction of y_i scaled to the
        # squared Mahalanobis length n (|C^(-1/2) y_i|^2 = |z_i|^2).
        coefficients = self.cmu * self.weights
        negative = self.weights < 0
        coefficients[negative] *= n / np.maximum(
            np.einsum("ij,ij->i", z[negative], z[negative]), 1e-300
        )
        if self.full:
            # Rank one and rank lambda in one product: V^T diag(c) V.
            vectors = np.vstack([self.pc[None], y])
            coefficients = np.concatenate([[self.c1], coefficients])
            C = (vectors.T * coefficients) @ vectors
            C += decay * self.C
            self.C = C
            self.since_decomposition += 1
            if self.since_decomposition >= self.decomposition_gap:
                self._decompose()
        else:
            self.C = decay * self.C + self.c1 * self.pc**2 + coefficients @ y**2
            self.sqrt_eigenvalues = np.sqrt(np.maximum(self.C, _MIN_EIGENVALUE))
        self.sigma *= math.exp(
            min(1.0, (self.cs / self.ds) * (norm_ps / self.chi_n - 1))
        )

    def _decompose(self):
        """Refresh ``B`` and ``D`` from ``C`` (symmetrised against rounding)."""
        C = (self.C + self.C.T) / 2
        eigenvalues, self.B = np.linalg.eigh(C)
        self.C = C
        self.sqrt_eigenvalues = np.sqrt(np.maximum(eigenvalues, _MIN_EIGENVALUE))
        self.since_decomposition = 0

    # -- warm starts ----------------------------------------------------------

    _SEARCH_STATE = (
        "mean",
        "sigma",
        "ps",
        "pc",
        "C",
        "B",
        "sqrt_eigenvalues",
        "generation",
        "since_decomposition",
    )

    def get_random_state(self):
        """Stream positions and the search distribution (mean, sigma, C, paths).

        A warm start then scores the fitted weights and goes on from the
        same distribution, as if the fit had not stopped.
        """
        state = super().get_random_state()
        state["search"] = {name: getattr(self, name) for name in self._SEARCH_STATE}
        return state

    def set_random_state(self, state):
        """Go on from what :meth:`get_random_state` returned."""
        super().set_random_state(state)
        saved = state.get("search")
        if saved is not None and np.shape(saved["C"]) == np.shape(self.C):
            # theta stays the fitted weights: the first round scores them.
            for name in self._SEARCH_STATE:
                setattr(self, name, saved[name])
