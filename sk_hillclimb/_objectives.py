"""What a candidate network is scored on, computed from its logits.

Every objective maps logits of shape ``(P, n_samples, n_outputs)`` to
per-sample losses of shape ``(P, n_samples)``, so a whole population is
scored at once. Differentiable objectives also give the derivative of the
per-sample loss with respect to the logits of one network.

Targets are encoded by the estimator: for one output unit (binary
classification) a float array of 0/1; for several units (multiclass) an
integer array of class indices; for multilabel classification a float
array of 0/1 of shape ``(n_samples, n_labels)``, one logistic unit per
label; for regression a float array of shape ``(n_samples, n_outputs)``.
"""

import numpy as np
from scipy.special import expit


def _log_softmax(Z):
    # Shift by the row maximum so exp never overflows (log-sum-exp trick).
    shifted = Z - Z.max(axis=-1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted


def _one_hot(y, n_outputs, dtype):
    return (np.arange(n_outputs) == y[:, None]).astype(dtype)


def _signed_targets(y, n_outputs, dtype):
    """+1 for the true unit, -1 for the others (one-vs-rest)."""
    if y.ndim == 2:  # multilabel: each unit its own binary target
        return (2 * y - 1).astype(dtype)
    if n_outputs == 1:
        return (2 * y - 1).astype(dtype)[:, None]
    return 2 * _one_hot(y, n_outputs, dtype) - 1


class LogLoss:
    """Cross-entropy of the logistic (one unit) or softmax (several) output.

    Computed from the logits with ``logaddexp`` / log-sum-exp, never from
    clipped probabilities, so it is exact and finite for any logit.
    """

    differentiable = True

    def per_sample(self, Z, y):
        if y.ndim == 2:  # multilabel: the binary losses summed over labels
            return self._binary(Z, y).sum(axis=-1)
        if Z.shape[-1] == 1:
            return self._binary(Z[..., 0], y)
        log_p = _log_softmax(Z)
        # The true class's entry of every row, for every candidate, as one
        # take on the flattened rows: several microseconds cheaper per call
        # than take_along_axis (a hill climber makes tens of thousands),
        # and C-contiguous like it (a strided result would be summed in
        # another order, and a candidate's loss would depend on P).
        flat = np.arange(len(y)) * Z.shape[-1] + y
        return -np.take(log_p.reshape(len(log_p), -1), flat, axis=1)

    @staticmethod
    def _binary(z, y):
        """Binary cross-entropy of logits ``z`` against 0/1 targets ``y``."""
        # softplus(z) - y z, softplus(z) = max(z, 0) + log1p(exp(-|z|)):
        # logaddexp(0, z) in vectorised passes, about twice as fast.
        out = np.abs(z)
        np.negative(out, out=out)
        np.exp(out, out=out)
        np.log1p(out, out=out)
        term = np.maximum(z, 0.0)
        out += term
        out -= np.multiply(y, z, out=term)
        return out

    def derivative(self, Z, y):
        if y.ndim == 2:
            return expit(Z) - y
        if Z.shape[-1] == 1:
            return expit(Z) - y[:, None]
        P = np.exp(_log_softmax(Z))
        P[np.arange(len(y)), y] -= 1
        return P

    def loss_and_derivative(self, Z, y):
        """Summed loss and :meth:`derivative` of one network, sharing work."""
        if Z.shape[-1] == 1 or y.ndim == 2:
            return self.per_sample(Z[None], y).sum(), self.derivative(Z, y)
        rows = np.arange(len(y))
        P = _log_softmax(Z)
        loss = -P[rows, y].sum()
        np.exp(P, out=P)
        P[rows, y] -= 1
        return loss, P


class ZeroOneLoss:
    """Misclassification rate, ``1 - accuracy``: the tutorial's objective.

    Piecewise constant, so it has no gradient; only derivative-free solvers
    can minimise it.
    """

    differentiable = False

    def per_sample(self, Z, y):
        if y.ndim == 2:  # multilabel: wrong unless every label is right
            return ((Z > 0) != y).any(axis=-1).astype(Z.dtype)
        if Z.shape[-1] == 1:
            return ((Z[..., 0] > 0) != y).astype(Z.dtype)
        return (Z.argmax(axis=-1) != y).astype(Z.dtype)


class PerceptronCriterion:
    """Rosenblatt's criterion ``max(0, -t z)`` summed over the output units.

    ``t`` is +1 for the true class and -1 otherwise, each unit a
    one-vs-rest perceptron as in scikit-learn's ``Perceptron``. Its
    (sub)gradient gives the classic perceptron update; a logit of exactly 0
    counts as a mistake so that training can start from zero weights.
    """

    differentiable = True

    def per_sample(self, Z, y):
        T = _signed_targets(y, Z.shape[-1], Z.dtype)
        return np.maximum(-T * Z, 0).sum(axis=-1)

    def derivative(self, Z, y):
        T = _signed_targets(y, Z.shape[-1], Z.dtype)
        return np.where(T * Z <= 0, -T, 0)


class SquaredError:
    """Half the squared error, averaged over the output units.

    ``0.5 * mean_k (z_k - y_k) ** 2`` per sample: the loss of
    :class:`~sklearn.neural_network.MLPRegressor`, whose ``loss_`` values it
    reproduces. The derivative is that of this loss, ``(z - y) / n_outputs``
    (``MLPRegressor`` drops the ``1 / n_outputs`` in its gradient).
    """

    differentiable = True

    def per_sample(self, Z, y):
        residual = Z - y
        residual *= residual
        return 0.5 * residual.mean(axis=-1)

    def derivative(self, Z, y):
        return (Z - y) / Z.shape[-1]


#: Name -> objective; the allowed values of the classifiers' ``objective``.
OBJECTIVES = {
    "log_loss": LogLoss(),
    "accuracy": ZeroOneLoss(),
    "perceptron": PerceptronCriterion(),
}

#: Name -> objective; the allowed values of the regressor's ``objective``.
REGRESSION_OBJECTIVES = {
    "squared_error": SquaredError(),
}
