"""CMA evolution strategy: full covariance for small networks, diagonal for large."""

import math

import numpy as np

from ._population import PopulationSolver

#: Largest number of weights searched with a full covariance matrix. A full
#: matrix learns at the rate c_1 + c_mu ~ 2 mu_eff / n^2 per generation:
#: above about 50 weights it needs more than ~5000 evaluations to adapt,
#: while the diagonal alone learns (n + 2) / 3 times faster, in O(n) time
#: and memory per candidate instead of O(n^2).
FULL_COVARIANCE_MAX_PARAMS = 50
#: Smallest eigenvalue kept when the covariance matrix is decomposed, so
#: that rounding never makes it indefinite.
_MIN_EIGENVALUE = 1e-20
#: Separable searches of at least this many weights adapt sigma by the
#: two-point rule instead of cumulation (pycma's choice).
TWO_POINT_MIN_PARAMS = 300
#: Sampling a separable generation (``y = sqrt(C) z``, then ``m + sigma s
#: y``) makes three passes over each number: its weight in
#: :data:`~sk_hillclimb._pool.MIN_VALUES_PER_THREAD`.
_SAMPLE_VALUES = 3


class CMAES(PopulationSolver):
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
        C     <- (1 - c_1 - c_mu sum(w) + c_1 delta(h_s)) C + c_1 p_c p_c^T
                 + c_mu sum_i w'_i y_i y_i^T      (all lambda, active CMA)
        sigma <- sigma exp((c_s / d_s) (|p_s| / E|N(0, I)| - 1))

    with the default population size ``4 + floor(3 ln n)``, the weights
    ``w_i ~ ln((lambda + 1) / 2) - ln i`` (negative for the worse half,
    which shrink ``C`` along the directions that failed; ``w'_i = w_i n /
    |z_i|^2`` for those) and the learning rates ``c_s, d_s, c_c, c_1,
    c_mu`` of Hansen's tutorial, Table 1.

    Networks of up to :data:`FULL_COVARIANCE_MAX_PARAMS` weights adapt a
    full matrix ``C``, whose eigendecomposition ``C = B D^2 B^T`` is
    refreshed every ``0.5 / ((c_1 + c_mu) n)`` generations only (as
    pycma's ``purecma`` does), which keeps a generation at ``O(lambda
    n^2)``. Larger networks adapt the diagonal of ``C`` only (sep-CMA-ES,
    Ros and Hansen 2008), with ``c_1`` and ``c_mu`` multiplied by ``(n +
    2) / 3`` and pycma's ``c_c`` for the separable case: ``O(lambda n)``
    time and ``O(n)`` memory per generation. From
    :data:`TWO_POINT_MIN_PARAMS` weights on, the separable search adapts
    ``sigma`` by two-point adaptation instead of the path ``p_s``, as
    pycma does: the first two candidates of each generation are the last
    mean shift and its mirror (scaled to the length of a random draw), and
    ``sigma`` grows while the forward one ranks better and shrinks
    otherwise (``s <- 0.7 s + 0.3 sign(r) |r|^0.5``, ``sigma <- sigma
    exp(s / (0.7 + 2 ln n))``, ``r`` their rank difference over ``lambda
    - 1``). Cumulation builds ``p_s`` up over about ``n / mu_eff``
    generations and holds ``sigma`` back for thousands of evaluations on
    a network of a thousand weights; two points move it from the first
    generations.

    The first round scores the starting point alone; the best network
    seen is the result, and the loss reported for each generation is its
    loss. A generation whose candidates all overflow (losses ``+inf``)
    halves ``sigma`` and changes nothing else. The draws ``z`` are peeked
    by :meth:`ask` and taken by :meth:`tell`, so that :meth:`lookahead` is
    exact.

    The ``tol`` rule's default patience is
    :func:`~sk_hillclimb._solvers._population.stall_patience`: fifty
    generations stopped the spiral's (16,) network on a plateau, where
    the search goes on to 83-88% training accuracy within 30 s
    (``benchmarks/spiral_clock.py --default-tol``, seeds 0-2).

    Parameters
    ----------
    step_size : float
        Initial ``sigma``, in units of the initialisation scale: the first
        generation's candidates are ``m + step_size * s * N(0, I)``.
    population_size : int or None
        ``lambda``, candidates per generation; None is
        :func:`~sk_hillclimb._solvers._population.default_population_size`.

    References
    ----------
    N. Hansen, "The CMA Evolution Strategy: A Tutorial", 2016,
    arXiv:1604.00772, https://arxiv.org/abs/1604.00772.

    R. Ros and N. Hansen, "A Simple Modification in CMA-ES Achieving
    Linear Time and Space Complexity", PPSN X, 2008,
    https://doi.org/10.1007/978-3-540-87700-4_30.

    N. Hansen, "CMA-ES with Two-Point Step-Size Adaptation", 2008,
    arXiv:0805.0231, https://arxiv.org/abs/0805.0231.

    N. Hansen et al., pycma, ``cma/purecma.py``,
    ``cma/options_parameters.py`` and ``cma/sigma_adaptation.py``,
    https://github.com/CMA-ES/pycma.
    """

    #: Initial sigma in units of each weight's initialisation scale. On
    #: the digits' (16,) network (20,000 evaluations, seeds 0-9) 0.05 put
    #: every seed at 96.1-97.2% test accuracy (mean 96.6%), where 0.1
    #: ranged 95.6-97.8% (mean 96.4%), and no worse on the panel of
    #: benchmarks/defaults.py (on its split, benchmarks/design_checks.py
    #: measured 0.05 at 95.1-96.9%, mean 95.8%). It is only where sigma
    #: starts: two-point adaptation took it from 0.05 to 0.16 in 20
    #: generations there.
    default_step_size = 0.05
    tuning_hint = "step_size (the initial sigma) or population_size"
    hyperparameters = ("step_size", "population_size")
    #: Sampling a generation and updating the mean, paths and covariance
    #: cost about 60 multiply-adds per weight and candidate more than a
    #: hill climber's step: when the value was set, the digits' (100,)
    #: network ran 4% slower per evaluation than "hillclimb" (2.00 s
    #: against 1.92 s for 3000). Later work made the generation cheaper;
    #: the value stays, as ``max_iter="auto"`` (so the fitted weights)
    #: depends on it.
    candidate_cost = 60

    def __init__(
        self,
        theta0,
        *,
        rng,
        init_scale,
        step_size,
        population_size=None,
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
        n = self.theta.size
        self.full = n <= FULL_COVARIANCE_MAX_PARAMS
        self._set_population_size(population_size)
        lam = self.population_size
        self._set_learning_rates(n, lam)
        unit = np.ones(n) if step_scale is None else step_scale
        self.scale = np.asarray(unit, dtype=np.float64)
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
        # Large separable searches adapt sigma by two-point adaptation, as
        # pycma does from 300 weights: CSA's path builds up over ~n /
        # mu_eff generations, which holds sigma back for thousands of
        # evaluations on a large network.
        self.two_point = not self.full and n >= TWO_POINT_MIN_PARAMS
        self.shift = None  # the last mean shift, in units of sigma * s
        self.tpa = 0.0
        self._asked = None  # what _sample returned for the next generation
        self._held = None  # (point, loss) of the last generation's best
        self.fresh = True  # the next round scores theta alone
        self._buffers = {}  # see _scratch

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
            # pycma's cc_sep: a path of ~sqrt(n) generations, not ~n, so
            # that the rank-one update keeps up with the faster diagonal.
            self.cc = (1 + 1 / n + mueff / n) / (math.sqrt(n) + 1 / n + 2 * mueff / n)
        self.c1 = c1 = min(c1, 1.0)
        self.cmu = cmu = min(cmu, 1.0 - c1)
        # Active CMA: the worse half gets negative weights, which shrink C
        # along the directions that failed. They are scaled so that C does
        # not decay (alpha_mu), by their own variance effectiveness
        # (alpha_mueff) and, for a full matrix, so that it stays positive
        # definite (alpha_posdef). A diagonal only needs positive entries,
        # which the worst case behind alpha_posdef (a whole step on one
        # coordinate) would guard at the price of a fifth of the update on
        # a large network; _update bounds each entry's fall instead, as
        # pycma's diagonal variant drops alpha_posdef.
        scale = 0.0
        if negative.sum() < 0 and cmu > 0:
            mueff_minus = negative.sum() ** 2 / np.sum(negative**2)
            limits = [1 + c1 / cmu, 1 + 2 * mueff_minus / (mueff + 2)]
            if self.full:
                limits.append((1 - c1 - cmu) / (n * cmu))
            scale = min(limits) / -negative.sum()
        self.weights = np.concatenate([positive / positive.sum(), negative * scale])
        self.chi_n = math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n**2))
        self.decomposition_gap = max(1, int(0.5 / ((c1 + cmu) * n)))

    def _sample(self, z):
        """Draws, directions and candidates of a generation from its rows ``z``.

        Returns ``(z, y, candidates, two)``: ``y = B D z`` (full) or
        ``sqrt(C) z`` (separable) and ``candidates = m + sigma * s * y``,
        row by row. With two-point adaptation the first two draws and
        directions are the last mean shift and its mirror, scaled to the
        Mahalanobis length of ``z[0]``: ``two`` holds those two draws,
        which replace ``z[:2]`` (see :meth:`_sorted`), else None.
        """
        if self.full:
            y = (z * self.sqrt_eigenvalues) @ self.B.T
            return z, y, self._place(y, np.empty(y.shape)), None
        y, candidates = self._scratch("y", z.shape), np.empty(z.shape)

        def sample(rows):
            np.multiply(z[rows], self.sqrt_eigenvalues, out=y[rows])
            self._place(y[rows], candidates[rows])

        # Rows are independent (elementwise work): the same bits on any
        # number of threads.
        self.pool.map_rows(sample, len(z), _SAMPLE_VALUES * z.shape[1])
        if self.shift is None:
            return z, y, candidates, None
        whitened = self.shift / self.sqrt_eigenvalues
        length = np.linalg.norm(z[0]) / max(np.linalg.norm(whitened), 1e-300)
        y[0], y[1] = self.shift * length, -self.shift * length
        self._place(y[:2], candidates[:2])
        return z, y, candidates, np.array([whitened * length, -whitened * length])

    def _place(self, y, out):
        """``m + sigma * s * y`` into ``out``, without temporaries."""
        np.multiply(y, self.sigma * self.scale, out=out)
        return np.add(self.mean, out, out=out)

    def _sorted(self, z, y, order, two):
        """Copies of ``z`` (``two`` in its first rows) and ``y`` in ``order``."""
        z_sorted, y_sorted = (
            self._scratch("z_sorted", z.shape),
            self._scratch("y_sorted", y.shape),
        )

        def copy(rows):
            np.take(z, order[rows], axis=0, out=z_sorted[rows], mode="clip")
            np.take(y, order[rows], axis=0, out=y_sorted[rows], mode="clip")

        self.pool.map_rows(copy, len(order), 2 * z.shape[1])
        if two is not None:
            for position in np.flatnonzero(order < 2):
                z_sorted[position] = two[order[position]]
        return z_sorted, y_sorted

    def _scratch(self, name, shape):
        """An array of ``shape`` the solver reuses from generation to generation.

        For arrays no one keeps past :meth:`tell` (not the candidates,
        which the caller holds): a fresh array of a generation's size cost
        page faults, up to a millisecond a generation on the digits'
        network.
        """
        buffer = self._buffers.get(name)
        if buffer is None or buffer.shape != shape:
            buffer = self._buffers[name] = np.empty(shape)
        return buffer

    def ask(self):
        if self.fresh:
            return self.theta[None]
        # A speculative plan asks for the same generation before ask does:
        # computed once per generation (tell rebinds the state, and _asked
        # with it).
        if self._asked is None:
            # Peeked, not taken: tell takes the same rows, whatever the
            # losses.
            self._asked = self._sample(self.steps.peek(self.population_size))
        return self._asked[2]

    def lookahead(self, depth):
        # The next generation depends on this one's losses: one round.
        return [self.ask()]

    def tell(self, candidates, losses, grads=None):
        if self.fresh:
            self.fresh = False
            self._hold(candidates[0], losses[0])
            return
        rows = self.steps.take(self.population_size)
        z, y, _, two = self._asked if self._asked is not None else self._sample(rows)
        self._asked = None
        # The next generation's draws do not depend on these losses: a
        # worker thread draws them while this thread updates the search.
        self.steps.draw_ahead(self.population_size, self.pool)
        order = np.argsort(losses, kind="stable")
        best = order[0]
        self._hold(candidates[best], losses[best])
        if losses[best] == math.inf:
            # Nothing to rank; a smaller sigma may bring finite losses back.
            self.sigma /= 2
            return
        if self.shift is not None:
            # Two-point adaptation (Hansen 2008; pycma's CMAAdaptSigmaTPA):
            # sigma grows while the step along the last mean shift ranks
            # better than the step back, and shrinks otherwise.
            rank = np.sum(losses < losses[1]) - np.sum(losses < losses[0])
            rank /= self.population_size - 1
            self.tpa = 0.7 * self.tpa + 0.3 * math.copysign(abs(rank) ** 0.5, rank)
        self._update(*self._sorted(z, y, order, two))

    @property
    def held_point(self):
        """The last generation's best candidate (the mean is never scored)."""
        return self.theta if self._held is None else self._held[0]

    @property
    def held_loss(self):
        """The loss of :attr:`held_point`."""
        return self.loss if self._held is None else self._held[1]

    def _hold(self, candidate, loss):
        """Hold the generation's best candidate; keep it if no worse than
        the best."""
        self._held = candidate.copy(), float(loss)
        self._offer(self._held[0], self._held[1])
        self.loss = self.best_loss

    def _update(self, z, y):
        """One generation's update from its draws and directions, best first.

        ``z`` and ``y`` are the solver's own copies (see :meth:`_sorted`):
        they may be overwritten.
        """
        n = self.theta.size
        self.generation += 1
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
        self._adapt_covariance(z, y, delta)
        if self.two_point:
            self.shift = y_w
            self.sigma *= math.exp(self.tpa / (0.7 + 2 * math.log(n)))
        else:
            self.sigma *= math.exp(
                min(1.0, (self.cs / self.ds) * (norm_ps / self.chi_n - 1))
            )

    def _adapt_covariance(self, z, y, delta):
        """Rank-one and rank-lambda update of ``C`` (``delta``: h_s's loss)."""
        n = self.theta.size
        decay = 1 - self.c1 - self.cmu * self.weights.sum() + self.c1 * delta
        # A negative weight acts on the direction of y_i scaled to the
        # squared Mahalanobis length n (|C^(-1/2) y_i|^2 = |z_i|^2).
        coefficients = self.cmu * self.weights
        negative = self.weights < 0
        worse = z[negative]
        coefficients[negative] *= n / np.maximum(
            np.einsum("ij,ij->i", worse, worse), 1e-300
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
            return
        # Squared in place: y is the solver's own copy, and a temporary of
        # a generation's size cost page faults.
        C = decay * self.C + self.c1 * self.pc**2 + coefficients @ np.square(y, out=y)
        # Never below a quarter of the last: positive whatever the draws
        # (the negative weights shrink an entry by ~1% per generation).
        self.C = np.maximum(C, self.C / 4)
        self.sqrt_eigenvalues = np.sqrt(np.maximum(self.C, _MIN_EIGENVALUE))

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
        "shift",
        "tpa",
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
        self._asked = None
        saved = state.get("search")
        if saved is not None and np.shape(saved["C"]) == np.shape(self.C):
            # theta stays the fitted weights: the first round scores them.
            for name in self._SEARCH_STATE:
                setattr(self, name, saved[name])
