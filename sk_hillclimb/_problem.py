"""A training problem: data, network shape and objective, as one loss.

The estimator builds one per ``fit``; solvers never see it. It turns
parameter vectors into losses (a whole population per call) and, for
gradient solvers, into a minibatch loss and its gradient.
"""

import numpy as np
from sklearn import get_config
from sklearn.utils import gen_batches

from ._network import forward, forward_backward


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
        Non-negative weights with a positive sum; ``None`` weighs every
        sample 1.
    """

    def __init__(self, layout, X, y, objective, activation, alpha, sample_weight=None):
        self.layout = layout
        self.X = X
        self.y = y
        self.objective = objective
        self.activation = activation
        self.alpha = alpha
        self.n_samples = X.shape[0]
        self.sample_weight = sample_weight
        self.total_weight = (
            float(self.n_samples)
            if sample_weight is None
            else float(sample_weight.sum())
        )
        self._coef_mask = layout.coef_mask()
        self._width = max(layout.layer_units[1:])

    def _penalty(self, thetas, n):
        if self.alpha == 0:
            return 0.0
        W = thetas[..., self._coef_mask]
        return 0.5 * self.alpha * np.einsum("...i,...i->...", W, W) / n

    def losses(self, thetas):
        """Full-data loss of each parameter vector in a population.

        Rows are processed in chunks so that the ``(P, rows, width)``
        intermediate arrays stay within scikit-learn's ``working_memory``
        (see :func:`sklearn.config_context`).

        Parameters
        ----------
        thetas : ndarray of shape (P, n_params)

        Returns
        -------
        losses : ndarray of shape (P,)
        """
        coefs, intercepts = self.layout.unpack(thetas)
        n = self.n_samples
        w = self.sample_weight
        # Two live (P, rows, width) arrays at the widest layer, in float64.
        row_bytes = 2 * len(thetas) * self._width * 8
        budget = get_config()["working_memory"] * 2**20
        chunk = int(min(n, max(1, budget // row_bytes)))
        total = np.zeros(len(thetas))
        for rows in gen_batches(n, chunk):
            Xc = self.X if chunk >= n else self.X[rows]
            yc = self.y if chunk >= n else self.y[rows]
            Z = forward(coefs, intercepts, Xc, self.activation)
            per_sample = self.objective.per_sample(Z, yc)
            total += per_sample.sum(axis=1) if w is None else per_sample @ w[rows]
        norm = self.total_weight
        losses = total / norm + self._penalty(thetas, norm)
        # An overflowing candidate is simply the worst possible one.
        losses[np.isnan(losses)] = np.inf
        return losses

    def loss_and_gradient(self, theta, rows=None):
        """Loss and gradient of one parameter vector on a minibatch.

        Parameters
        ----------
        theta : ndarray of shape (n_params,)
        rows : array-like of int or slice, default=None
            The minibatch; ``None`` means all samples. As in
            ``MLPClassifier`` the loss is a mean over the batch and the
            penalty is divided by the batch size. With sample weights both
            are divided by ``batch size * mean weight`` instead of by the
            batch's own weight sum: on all samples that is ``sum(w)``, as
            in :meth:`losses`, and on a minibatch it makes the gradient an
            unbiased estimate of the full weighted gradient (a batch of
            heavy samples takes a longer step, as its repeated copies
            would), never a division by zero.

        Returns
        -------
        loss : float
        grad : ndarray of shape (n_params,)
        """
        X = self.X if rows is None else self.X[rows]
        y = self.y if rows is None else self.y[rows]
        n = X.shape[0]
        objective = self.objective
        w = self.sample_weight
        if w is not None:
            if n != self.n_samples:
                w = w[rows]
                n = self.total_weight * n / self.n_samples
            else:
                w = w if rows is None else w[rows]
                n = self.total_weight

        def output_gradient(Z):
            per_sample = objective.per_sample(Z[None], y)[0]
            delta = objective.derivative(Z, y)
            if w is None:
                return per_sample.sum() / n, delta / n
            delta *= (w / n)[:, None]
            return per_sample @ w / n, delta

        coefs, intercepts = self.layout.unpack(theta)
        loss, coef_grads, intercept_grads = forward_backward(
            coefs, intercepts, X, self.activation, output_gradient
        )
        grad = self.layout.pack(coef_grads, intercept_grads)
        if self.alpha:
            grad[self._coef_mask] += self.alpha * theta[self._coef_mask] / n
        return loss + self._penalty(theta, n), grad
