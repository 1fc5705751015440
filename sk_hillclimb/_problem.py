"""A training problem: data, network shape and objective, as one loss.

The estimator builds one per ``fit``; solvers never see it. It turns
parameter vectors into losses (a whole population per call) and, for
gradient solvers, into a minibatch loss and its gradient.
"""

import copy

import numpy as np
from sklearn import get_config
from sklearn.utils import gen_batches

from ._network import forward, forward_backward
from ._pool import MIN_WORK_PER_THREAD, ScoringPool, split_parts
from ._threads import blas_threads

#: Bytes of intermediate arrays per evaluation call: about what stays in a
#: core's share of the processor cache.
_CACHE_BYTES = 2**22
#: Largest dense X (in bytes) that gets a copy with a column of ones: the
#: copy saves a pass per evaluation, and above this its memory is not
#: worth it.
_MAX_BYTES_WITH_ONES = 2**22
#: Shapes whose buffer views a problem keeps (see _outputs): a plan's
#: population is one of a few dozen sizes.
_MAX_VIEWS = 256


class TrainingProblem:
    """Penalised objective of a network on a training set.

    The loss of a parameter vector ``theta`` is the weighted mean of the
    objective's per-sample losses plus ``0.5 * alpha * ||W||^2 / n``, the L2
    penalty on the coefficients (not the intercepts) used by
    ``MLPClassifier``. With sample weights ``w``, ``n`` is ``sum(w)`` and the
    mean is ``sum(w * loss) / sum(w)``: an integer weight is then exactly
    the same as repeating the sample, and a zero weight as dropping it.

    Parameters
    ----------
    layout : Layout
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        Targets encoded for ``objective`` (see :mod:`._objectives`).
    objective : objective object
    activation : str
    alpha : float
    sample_weight : ndarray of shape (n_samples,), default=None
        Non-negative weights whose float64 sum is a positive normal number;
        ``None`` weighs every sample 1. They are kept in the dtype of
        ``X``, scaled by a power of two (exactly, in float64) so that the
        largest is in ``[0.5, 1)``: weights far below float32's range (say
        ``1e-50``) then survive with float32 data.
    pool : ScoringPool, default=None
        Threads that :meth:`losses` may run its parts on; ``None`` scores
        on the calling thread alone.

    Attributes
    ----------
    total_weight : float
        Sum of the weights as given (``n_samples`` without weights): the
        ``n`` of the penalty.
    weight_sum : float
        Sum of the stored, scaled weights, in float64: what the weighted
        sums of losses are divided by.
    """

    def __init__(
        self, layout, X, y, objective, activation, alpha, sample_weight=None, pool=None
    ):
        self.layout = layout
        self.pool = ScoringPool(1) if pool is None else pool
        self.X = X
        # Binary targets are floats: keep them in X's dtype so that float32
        # data is never promoted to float64 by the objective.
        self.dtype = X.dtype
        self.y = y.astype(self.dtype) if y.dtype.kind == "f" else y
        self.objective = objective
        self.activation = activation
        # On a piecewise-constant objective (accuracy) a plateau accepts
        # every step that keeps the predictions, and a penalty would turn
        # that walk into a descent of the weights' norm, down to a network
        # that predicts one class: such objectives are not penalised.
        self.alpha = alpha if objective.differentiable else 0.0
        self.n_samples = X.shape[0]
        self.total_weight = self.weight_sum = float(self.n_samples)
        self._weight_exponent = 0
        if sample_weight is not None:
            w = np.asarray(sample_weight, dtype=np.float64)
            # A power of two scales exactly: the losses are those of the
            # weights as given, bit for bit, unless these would underflow
            # in X's dtype.
            self._weight_exponent = int(np.frexp(w.max())[1])
            sample_weight = np.ldexp(w, -self._weight_exponent).astype(self.dtype)
            self.weight_sum = float(sample_weight.sum(dtype=np.float64))
            self.total_weight = float(np.ldexp(self.weight_sum, self._weight_exponent))
        self.sample_weight = sample_weight
        # Small dense data gets a column of ones, so that the first layer's
        # product adds the intercepts (one pass fewer per evaluation); the
        # copy is not worth its memory on large data.
        self._X1 = None
        if not hasattr(X, "toarray") and X.nbytes <= _MAX_BYTES_WITH_ONES:
            self._X1 = np.hstack([X, np.ones((X.shape[0], 1), dtype=X.dtype)])
        self._plan_chunks()

    def _plan_chunks(self):
        """Rows per chunk and candidates per group of :meth:`losses`.

        Both are fixed for the problem, independent of the population
        size: a candidate's loss is then summed in the same order whether
        it is scored alone or with others, which keeps speculative
        evaluation exact. The two live ``(group, rows, width)``
        intermediates are kept within a few MiB, where they stay in the
        processor's cache (and within scikit-learn's ``working_memory``),
        so that an evaluation needs little memory beyond ``X`` itself.
        """
        n = self.n_samples
        width = max(self.layout.layer_units[1:])
        # Two live (rows, width) arrays per candidate at the widest layer.
        row_bytes = 2 * width * self.dtype.itemsize
        budget = min(get_config()["working_memory"] * 2**20, _CACHE_BYTES)
        # Chunks not so small that Python overhead per chunk dominates.
        self._chunk = int(min(n, max(1024, budget // row_bytes)))
        self._group = int(max(1, budget // (row_bytes * self._chunk)))
        self._buffers = {}  # per thread's slot, see _outputs
        self._views = {}  # of the buffers, by (slot, candidates, rows)

    def _outputs(self, size, rows, slot=0):
        """Arrays for each layer's outputs of ``size`` candidates on ``rows`` rows.

        Views of buffers allocated once per problem for a whole group and
        chunk, and reused by every call of :meth:`losses`: fresh arrays of
        a few MiB per call are handed back to the system by ``malloc`` and
        page-faulted in again on the next, which cost a population solver
        about a fifth of its evaluations per second on digits' (16,)
        network (a candidate scored alone allocates far less). Each thread
        of the pool has its own, by ``slot``.
        """
        views = self._views.get((slot, size, rows))
        if views is not None:
            # A hill climber asks for the same few shapes tens of thousands
            # of times: the views are made once per shape.
            return views
        widths = self.layout.layer_units[1:]
        buffers = self._buffers.get(slot)
        if buffers is None:
            cells = self._group * self._chunk
            buffers = [np.empty(cells * w, dtype=self.dtype) for w in widths]
            self._buffers[slot] = buffers
        views = [
            b[: size * rows * w].reshape(size, rows, w) for b, w in zip(buffers, widths)
        ]
        if len(self._views) < _MAX_VIEWS:
            self._views[(slot, size, rows)] = views
        return views

    def head(self, m):
        """The same problem on the first ``m`` rows (unweighted)."""
        return self.subset(slice(0, m), weighted=False)

    def subset(self, rows, weighted=True):
        """The same problem on some rows: a minibatch.

        The penalty is then divided by the minibatch's (weighted) size, as
        in :meth:`loss_and_gradient`.

        Parameters
        ----------
        rows : slice or ndarray of int
        weighted : bool, default=True
            Keep the sample weights of the rows; False weighs each row 1.
        """
        sub = copy.copy(self)
        sub.X = self.X[rows]
        sub.y = self.y[rows]
        sub.n_samples = sub.X.shape[0]
        w = self.sample_weight
        sub.sample_weight = w[rows] if weighted and w is not None else None
        if sub.sample_weight is None:
            sub.total_weight = sub.weight_sum = float(sub.n_samples)
            sub._weight_exponent = 0
        else:
            sub.weight_sum = float(sub.sample_weight.sum(dtype=np.float64))
            sub.total_weight = float(np.ldexp(sub.weight_sum, self._weight_exponent))
        sub._X1 = None if self._X1 is None else self._X1[rows]
        sub._plan_chunks()
        return sub

    def shape_key(self):
        """What the cost of :meth:`losses` depends on, as a hashable key."""
        return (
            self.n_samples,
            getattr(self.X, "nnz", None),
            tuple(self.layout.layer_units),
            self.activation,
            type(self.objective).__name__,
            self.dtype.str,
            self._X1 is not None,
            self.sample_weight is not None,
            bool(self.alpha),
            self._chunk,
            self._group,
            self.pool.threads,
        )

    def blas_products(self, batch_rows=None, gradient=False):
        """Shapes of the BLAS products of one pass over a chunk or batch.

        Parameters
        ----------
        batch_rows : int, default=None
            Rows each call covers (a minibatch); ``None`` means all samples.
            :meth:`losses` cuts them further into its fixed row chunks.
        gradient : bool, default=False
            Whether the calls are :meth:`loss_and_gradient` (forward and
            backward products on the whole batch) or :meth:`losses` (one
            forward pass per candidate and chunk: a population is as many
            passes, not larger products).

        Returns
        -------
        products : list of (int, int, int)
            ``(m, k, n)`` for each product ``(m, k) @ (k, n)`` of one pass.
        """
        rows = self.n_samples if batch_rows is None else batch_rows
        rows = min(rows, self.n_samples)
        shapes = list(self.layout.shapes)
        if not gradient:
            rows = min(rows, self._chunk)
            if self._X1 is not None:
                shapes[0] = (shapes[0][0] + 1, shapes[0][1])
        # scipy computes the products with a sparse X, without BLAS.
        first = 1 if hasattr(self.X, "toarray") else 0
        products = [(rows, k, n) for k, n in shapes[first:]]
        if gradient:
            products += [(k, rows, n) for k, n in shapes[first:]]
            products += [(rows, n, k) for k, n in shapes[1:]]
        return products

    def blas_threads(self, batch_rows=None, gradient=False):
        """BLAS threads for training on this problem: 1, or ``None`` (as set).

        Decided by :func:`._threads.blas_threads` from
        :meth:`blas_products`, whose parameters it takes; pass the result
        to :func:`._threads.limit_blas_threads`. Always 1 when the pool
        scores on several threads: they take the place of BLAS's.
        """
        if self.pool.threads > 1 and not gradient:
            return 1
        return blas_threads(self.blas_products(batch_rows, gradient))

    def _penalty(self, thetas, n):
        if self.alpha == 0:
            return 0.0
        # Each layer's coefficients are one contiguous run of theta: no
        # gather through a mask, and the same bits as the (fan_in, fan_out)
        # views' einsum, a few microseconds sooner.
        rows = thetas.reshape(-1, thetas.shape[-1])
        squares = sum(
            np.einsum("ij,ij->i", rows[:, s], rows[:, s])
            for s in self.layout.coef_slices
        )
        return (0.5 * self.alpha * squares / n).reshape(thetas.shape[:-1])

    def logits(self, theta):
        """Output logits of one network on every row, shape (n, n_outputs).

        Computed chunk by chunk (see :meth:`_plan_chunks`), so that the
        hidden layers never hold more than a chunk's activations.
        """
        thetas = np.asarray(theta, dtype=self.dtype)[None]
        n = self.n_samples
        return np.concatenate(
            [
                self._forward(thetas, None if self._chunk >= n else rows)[0]
                for rows in gen_batches(n, self._chunk)
            ]
        )

    def _forward(self, thetas, rows=None, reuse=False, slot=0):
        """Logits of a population, on all rows or a chunk.

        With ``reuse``, written into the buffers of thread ``slot`` (see
        :meth:`_outputs`): valid until its next such call.
        """
        coefs, intercepts = self.layout.unpack(thetas)
        X = self.X if self._X1 is None else self._X1
        if rows is not None:
            X = X[rows]
        out = self._outputs(len(thetas), X.shape[0], slot) if reuse else None
        if self._X1 is not None:
            # W0 and b0 are contiguous in theta: together, the weights of
            # [X | 1].
            fan_in, fan_out = self.layout.shapes[0]
            coefs[0] = thetas[..., : (fan_in + 1) * fan_out].reshape(
                len(thetas), fan_in + 1, fan_out
            )
        return forward(
            coefs, intercepts, X, self.activation, self._X1 is not None, out=out
        )

    @staticmethod
    def _sum(per_sample, w):
        """Per-candidate (weighted) sums, in float64.

        Elementwise products and row sums, not a matrix-vector product:
        BLAS could round a row differently depending on the other rows,
        and a candidate's loss must not depend on its neighbours.
        """
        if w is not None:
            per_sample = per_sample * w
        return per_sample.sum(axis=1, dtype=np.float64)

    def losses(self, thetas):
        """Full-data loss of each parameter vector in a population.

        Rows are processed in fixed chunks and candidates in fixed groups
        (see :meth:`_plan_chunks`), so the loss of a candidate does not
        depend on the others it is scored with, and the ``(P, rows,
        width)`` intermediate arrays stay within scikit-learn's
        ``working_memory`` (see :func:`sklearn.config_context`). With a
        pool of several threads, the parts (a chunk of rows for a slice of
        candidates) run on them, and each candidate's per-chunk sums are
        added in chunk order: the same bits on any number of threads.

        Parameters
        ----------
        thetas : ndarray of shape (P, n_params)
            Any float dtype; the network is evaluated in the dtype of ``X``.

        Returns
        -------
        losses : ndarray of shape (P,)
            In float64.
        """
        threads = self._threads_for(len(thetas))
        one_part = len(thetas) <= self._group and self._chunk >= self.n_samples
        if threads == 1 and one_part:
            # The common case, without the loops' overhead (same result).
            Z = self._forward(thetas.astype(self.dtype, copy=False), reuse=True)
            per_sample = self.objective.per_sample(Z, self.y)
            losses = self._sum(per_sample, self.sample_weight) / self.weight_sum
            if self.alpha:
                losses += self._penalty(thetas, self.total_weight)
            # An overflowing candidate is the worst possible one (fmin
            # turns nan into inf in one pass).
            return np.fmin(losses, np.inf, out=losses)
        parts = self._parts(len(thetas), threads)
        # One row of per-candidate sums per chunk, added in chunk order
        # below, whichever thread computed them.
        sums = np.zeros((-(-self.n_samples // self._chunk), len(thetas)))
        costs = [(c.stop - c.start) * (r.stop - r.start) for c, _, r in parts]
        slots = [[parts[i] for i in run] for run in split_parts(costs, threads)]
        self.pool.map(
            lambda slot, own: self._score_parts(thetas, own, sums, slot), slots
        )
        total = np.zeros(len(thetas))
        for chunk_sums in sums:
            total += chunk_sums
        losses = total / self.weight_sum + self._penalty(thetas, self.total_weight)
        # An overflowing candidate is simply the worst possible one.
        return np.fmin(losses, np.inf, out=losses)

    def _threads_for(self, size):
        """Threads worth running for ``size`` candidates on every row.

        Each must get :data:`~._pool.MIN_WORK_PER_THREAD` multiply-adds,
        or handing it a part costs more than the part saves.
        """
        if self.pool.threads == 1:
            return 1
        per_row = sum(k * n for k, n in self.layout.shapes)
        work = size * self.n_samples * per_row
        # No more threads than parts: one candidate on one chunk is one.
        parts = size * -(-self.n_samples // self._chunk)
        return int(min(self.pool.threads, parts, work // MIN_WORK_PER_THREAD) or 1)

    def _parts(self, size, threads):
        """``(candidates, chunk index, rows)`` slices of one :meth:`losses` call.

        The row chunks are fixed (a candidate's loss is a sum over them);
        the candidates may be sliced finer than their groups, since a
        candidate's loss does not depend on the others scored with it.
        With few chunks, the slices are a multiple of the threads in
        number, so that each thread gets as many candidates (three groups
        on two threads would give one twice the work of the other).
        """
        chunks = list(gen_batches(self.n_samples, self._chunk))
        step = self._group
        if threads > 1 and len(chunks) < 2 * threads:
            slices = -(-size // step)
            slices = -(-slices // threads) * threads
            step = max(1, -(-size // slices))
        return [
            (cands, c, rows)
            for cands in gen_batches(size, step)
            for c, rows in enumerate(chunks)
        ]

    def _score_parts(self, thetas, parts, sums, slot):
        """Per-candidate sums of ``parts`` into ``sums``, on thread ``slot``."""
        whole = self._chunk >= self.n_samples
        w = self.sample_weight
        for cands, c, rows in parts:
            cast = thetas[cands].astype(self.dtype, copy=False)
            Z = self._forward(cast, None if whole else rows, reuse=True, slot=slot)
            yc = self.y if whole else self.y[rows]
            wc = w if w is None or whole else w[rows]
            per_sample = self.objective.per_sample(Z, yc)
            sums[c, cands] = self._sum(per_sample, wc)

    def loss_and_gradient(self, theta, rows=None):
        """Loss and gradient of one parameter vector on a minibatch.

        Parameters
        ----------
        theta : ndarray of shape (n_params,)
        rows : array-like of int or slice, default=None
            The minibatch; ``None`` means all samples. As in
            ``MLPClassifier`` the penalty is divided by the batch size.

        Returns
        -------
        loss : float
        grad : ndarray of shape (n_params,)
        """
        theta = np.asarray(theta)
        X = self.X if rows is None else self.X[rows]
        y = self.y if rows is None else self.y[rows]
        n = penalty_n = X.shape[0]
        objective = self.objective
        w = self.sample_weight
        if w is not None:
            # The batch's expected share of the weights, for the mean (in
            # the scale of the stored weights) and for the penalty.
            if n != self.n_samples:
                w = w[rows]
                n, penalty_n = (
                    self.weight_sum * n / self.n_samples,
                    self.total_weight * n / self.n_samples,
                )
            else:
                w = w if rows is None else w[rows]
                n, penalty_n = self.weight_sum, self.total_weight
        fused = getattr(objective, "loss_and_derivative", None)

        def output_gradient(Z):
            if w is None and fused is not None:
                loss, delta = fused(Z, y)
                delta /= n
                return loss / n, delta
            per_sample = objective.per_sample(Z[None], y)[0]
            delta = objective.derivative(Z, y)
            if w is None:
                return per_sample.sum() / n, delta / n
            delta *= (w / n)[:, None]
            return per_sample @ w / n, delta

        coefs, intercepts = self.layout.unpack(theta.astype(self.dtype, copy=False))
        # The backward pass writes straight into views of one flat vector.
        grad = np.empty(self.layout.n_params, dtype=self.dtype)
        loss, _, _ = forward_backward(
            coefs,
            intercepts,
            X,
            self.activation,
            output_gradient,
            out=self.layout.unpack(grad),
        )
        if self.alpha:
            for g, W in zip(self.layout.unpack(grad)[0], coefs):
                g += (self.alpha / penalty_n) * W
        return float(loss + self._penalty(theta, penalty_n)), grad
