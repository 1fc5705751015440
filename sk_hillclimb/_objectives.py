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

The regression objectives also say how outputs become predictions (the
identity, or ``exp`` for Poisson's log link), what constant predicts
best (for the derivative-free solvers' start and the D^2 score) and which
targets they accept.
"""

import numpy as np
from scipy.special import expit, xlogy
from sklearn.metrics import r2_score


def _log_softmax(Z):
    # Shift by the row maximum so exp never overflows (log-sum-exp trick).
    shifted = Z - Z.max(axis=-1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted


#: Classes below which a row's max and sum run column by column: numpy
#: reduces a short last axis slowly (a max over 112 rows of 3 took 5.0 us,
#: column by column 2.8 us), and below 8 terms its sum adds them in order
#: too, so the bits are the same.
_COLUMNWISE = 8


def _row_max(Z):
    """``Z.max(axis=-1)``, column by column when the rows are short."""
    if Z.shape[-1] >= _COLUMNWISE:
        return Z.max(axis=-1)
    top = Z[..., 0].copy()
    for j in range(1, Z.shape[-1]):
        np.maximum(top, Z[..., j], out=top)
    return top


def _row_sum(E):
    """``E.sum(axis=-1)``, the same bits: in order when the rows are short."""
    if E.shape[-1] >= _COLUMNWISE:
        return E.sum(axis=-1)
    total = E[..., 0].copy()
    for j in range(1, E.shape[-1]):
        total += E[..., j]
    return total


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

    def __init__(self):
        self._flat = None

    def per_sample(self, Z, y):
        if y.ndim == 2:  # multilabel: the binary losses summed over labels
            return self._binary(Z, y).sum(axis=-1)
        if Z.shape[-1] == 1:
            return self._binary(Z[..., 0], y)
        # -log p_y = log sum_k exp(z_k - max) - (z_y - max): the same
        # operations as -_log_softmax(Z)[y] (negating a difference is
        # exact), so the same bits, with the log taken per row only.
        shifted = np.subtract(Z, _row_max(Z)[..., None])
        # The true class's entry of every row, for every candidate, as one
        # take on the flattened rows: several microseconds cheaper per call
        # than take_along_axis (a hill climber makes tens of thousands),
        # and C-contiguous like it (a strided result would be summed in
        # another order, and a candidate's loss would depend on P).
        true = np.take(
            shifted.reshape(len(shifted), -1), self._flat_index(y, Z.shape[-1]), axis=1
        )
        np.exp(shifted, out=shifted)
        lse = np.log(_row_sum(shifted))
        lse -= true
        return lse

    def _flat_index(self, y, n_classes):
        """Index of each row's true class in the flattened ``(rows, k)`` logits.

        Kept for the last ``y`` (a fit scores the same targets tens of
        thousands of times), as one tuple so that threads read it whole.
        """
        cached = self._flat
        if cached is not None and cached[0] is y and cached[1] == n_classes:
            return cached[2]
        flat = np.arange(len(y)) * n_classes + y
        self._flat = (y, n_classes, flat)
        return flat

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


def weighted_quantile(y, q, sample_weight=None):
    """Weighted ``q``-quantile of each column: a minimiser of the pinball loss.

    The smallest value of the column below or at which a share ``q`` of
    the total weight lies. Integer weights give exactly the quantile of
    the repeated samples.

    Parameters
    ----------
    y : ndarray of shape (n_samples, n_outputs)
    q : float in (0, 1)
    sample_weight : ndarray of shape (n_samples,), default=None
        Non-negative weights with a positive sum; ``None`` weighs every
        sample 1.

    Returns
    -------
    quantiles : ndarray of shape (n_outputs,)
    """
    order = np.argsort(y, axis=0, kind="stable")
    weights = np.ones(len(y)) if sample_weight is None else sample_weight
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64)[order], axis=0)
    first = np.argmax(cumulative >= q * cumulative[-1], axis=0)
    return np.take_along_axis(y, order, axis=0)[first, np.arange(y.shape[1])]


def _weighted_std(y, sample_weight):
    mean = np.average(y, axis=0, weights=sample_weight)
    return np.sqrt(np.average((y - mean) ** 2, axis=0, weights=sample_weight))


def _log_bound(dtype):
    # exp of it, summed over many outputs, stays finite in ``dtype``:
    # 354.9 in float64 (counts up to 1e154), 44.4 in float32 (1e19).
    return float(np.log(np.finfo(dtype).max)) / 2


class RegressionObjective:
    """What the regression objectives share: a link and a D^2 score.

    A subclass defines ``elementwise(Z, y)``, the loss of every output of
    every sample, ``derivative`` and :meth:`constant`. The network's
    outputs ``Z`` are the predictions mapped by the link (identity but
    for Poisson's log); :meth:`inverse_link` maps them back.
    """

    differentiable = True
    #: The output activation it amounts to (``out_activation_``).
    out_activation = "identity"
    #: Estimator parameters the objective is built with, by name.
    parameters = ()
    #: The best constant prediction, in words.
    constant_name = "the mean"
    #: Whether the targets must be non-negative.
    non_negative_targets = False
    #: Whether :class:`~sklearn.neural_network.MLPRegressor` has this loss.
    #: The gradient solvers then start as MLPRegressor's do, whose weights
    #: they reproduce; on the others they start at :meth:`constant`, as the
    #: derivative-free solvers do.
    in_mlp_regressor = False
    #: Whether the regressor's ``early_stopping="auto"`` sets a validation
    #: set aside for the gradient solvers.
    early_stopping_by_default = False

    def per_sample(self, Z, y):
        return self.elementwise(Z, y).mean(axis=-1)

    def check_targets(self, y, incremental):
        """Raise a ValueError for targets the loss is not defined on."""

    def inverse_link(self, Z):
        """Predictions from the network's outputs."""
        return Z

    def constant(self, y, sample_weight):
        """The best constant output of each column, shape (n_outputs,)."""
        raise NotImplementedError

    def spread(self, y, sample_weight):
        """A typical deviation of the targets from :meth:`constant`, in
        output units, per column: the derivative-free solvers' step unit
        for the output layer."""
        # The quartiles: heavy-tailed noise (no finite variance) must not
        # blow up the steps; the standard deviation where they coincide.
        low, high = (weighted_quantile(y, q, sample_weight) for q in (0.25, 0.75))
        spread = (high - low) / 1.349  # the standard deviation, if normal
        return np.where(spread > 0, spread, _weighted_std(y, sample_weight))

    def score(self, Z, y, sample_weight):
        """D^2: the share of the best constant's loss that ``Z`` removes.

        ``1 - loss(Z) / loss(constant)`` per output, averaged uniformly
        over the outputs; 1 for a perfect fit, 0 for the constant. Where
        the constant's loss is 0, 1 for a perfect fit and 0 otherwise, as
        scikit-learn's ``d2_*`` scores with ``force_finite``.
        """
        constant = np.broadcast_to(self.constant(y, sample_weight), y.shape)
        loss = np.average(self.elementwise(Z, y), axis=0, weights=sample_weight)
        base = np.average(self.elementwise(constant, y), axis=0, weights=sample_weight)
        ratio = np.divide(loss, base, out=np.ones_like(loss), where=base > 0)
        d2 = np.where(base > 0, 1 - ratio, np.where(loss == 0, 1.0, 0.0))
        return float(d2.mean())


class SquaredError(RegressionObjective):
    """Half the squared error, averaged over the output units.

    ``0.5 * mean_k (z_k - y_k) ** 2`` per sample: the loss of
    :class:`~sklearn.neural_network.MLPRegressor`, whose ``loss_`` values it
    reproduces. The derivative is that of this loss, ``(z - y) / n_outputs``
    (``MLPRegressor`` drops the ``1 / n_outputs`` in its gradient). Its
    D^2 is R^2.
    """

    in_mlp_regressor = True

    def elementwise(self, Z, y):
        return 0.5 * (Z - y) ** 2

    def per_sample(self, Z, y):
        residual = Z - y
        residual *= residual
        return 0.5 * residual.mean(axis=-1)

    def derivative(self, Z, y):
        return (Z - y) / Z.shape[-1]

    def constant(self, y, sample_weight):
        return np.average(y, axis=0, weights=sample_weight)

    def spread(self, y, sample_weight):
        return _weighted_std(y, sample_weight)

    def score(self, Z, y, sample_weight):
        return r2_score(y, Z, sample_weight=sample_weight)


class PoissonDeviance(RegressionObjective):
    """Half the Poisson deviance, with a log link, summed over the outputs.

    The network's output ``z`` is the log of the predicted mean
    ``mu = exp(z)``, and per output ``y log(y / mu) - y + mu``: the loss of
    ``MLPRegressor(loss="poisson")`` (which sums it over the outputs, as
    here), whose ``loss_`` values and gradient ``mu - y`` it reproduces.
    ``z`` is clipped to ``±log(max float) / 2`` before ``exp``, so that
    neither the loss nor the predictions overflow; the targets must be
    non-negative.
    """

    out_activation = "exp"
    non_negative_targets = True
    in_mlp_regressor = True

    def elementwise(self, Z, y):
        bound = _log_bound(Z.dtype)
        Z = np.clip(Z, -bound, bound)
        out = np.exp(Z)
        out -= y * Z
        out += xlogy(y, y) - y
        return out

    def per_sample(self, Z, y):
        return self.elementwise(Z, y).sum(axis=-1)

    def derivative(self, Z, y):
        return self.inverse_link(Z) - y

    def inverse_link(self, Z):
        bound = _log_bound(Z.dtype)
        return np.exp(np.clip(Z, -bound, bound))

    def constant(self, y, sample_weight):
        with np.errstate(divide="ignore"):  # all-zero counts: -inf, clipped
            return np.log(np.average(y, axis=0, weights=sample_weight))

    def spread(self, y, sample_weight):
        # In log units, 1 is a factor e: the outputs start within a few
        # times the mean count, whatever its size.
        return np.ones(y.shape[1])

    def check_targets(self, y, incremental):
        """Refuse negative counts, and all-zero ones in a fit."""
        if np.any(y < 0) or (not incremental and not np.sum(y) > 0):
            raise ValueError(
                "objective='poisson' requires non-negative y and sum(y) > 0; "
                f"got min(y)={np.min(y)!r} and sum(y)={np.sum(y)!r}."
            )


class AbsoluteError(RegressionObjective):
    """The absolute error, averaged over the output units.

    ``mean_k |z_k - y_k|`` per sample, minimised by the (weighted) median;
    its subgradient is ``sign(z - y) / n_outputs``, 0 where ``z == y``.
    """

    constant_name = "the median"

    def elementwise(self, Z, y):
        return np.abs(Z - y)

    def derivative(self, Z, y):
        return np.sign(Z - y) / Z.shape[-1]

    def constant(self, y, sample_weight):
        return weighted_quantile(y, 0.5, sample_weight)


class PinballLoss(RegressionObjective):
    """The pinball (quantile) loss, averaged over the output units.

    With ``r = y - z``, ``max(q r, (q - 1) r)`` per output, minimised by
    the (weighted) ``q``-quantile; at ``q = 0.5`` half the absolute error.
    Its subgradient is ``1 - q`` where ``z > y``, ``-q`` where ``z < y``
    and 0 where they are equal, divided by ``n_outputs``.

    Parameters
    ----------
    quantile : float in (0, 1), default=0.5
        The quantile ``q``.
    """

    parameters = ("quantile",)
    # The training loss goes on falling long after the held-out one is
    # lowest, and the interval of two quantiles narrows on new data
    # meanwhile (see HillClimbMLPRegressor's Notes).
    early_stopping_by_default = True

    def __init__(self, quantile=0.5):
        self.quantile = quantile

    @property
    def constant_name(self):
        return f"the {self.quantile:g} quantile"

    def elementwise(self, Z, y):
        r = y - Z
        return np.maximum(self.quantile * r, (self.quantile - 1) * r)

    def derivative(self, Z, y):
        sign = np.sign(Z - y)
        # +1 -> 1 - q, -1 -> -q, 0 -> 0
        out = (0.5 - self.quantile) * np.abs(sign)
        out += 0.5 * sign
        return out / Z.shape[-1]

    def constant(self, y, sample_weight):
        return weighted_quantile(y, self.quantile, sample_weight)


#: Name -> objective; the allowed values of the classifiers' ``objective``.
OBJECTIVES = {
    "log_loss": LogLoss(),
    "accuracy": ZeroOneLoss(),
    "perceptron": PerceptronCriterion(),
}

#: Name -> objective; the allowed values of the regressor's ``objective``.
#: An objective with ``parameters`` is rebuilt with the estimator's values.
REGRESSION_OBJECTIVES = {
    "squared_error": SquaredError(),
    "poisson": PoissonDeviance(),
    "absolute_error": AbsoluteError(),
    "quantile": PinballLoss(),
}
