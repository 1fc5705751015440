"""The network: activations, initialisation, batched forward pass, backprop.

Everything here is a pure function of its arguments. Arrays of weights
carry a leading population axis ``P`` in the forward pass so that many
candidate networks are scored by one matrix product per layer.
"""

import numpy as np


def _identity(Z):
    return Z


def _logistic(Z):
    # 1 / (1 + exp(-Z)) with numpy's vectorised exp: several times faster
    # than scipy's expit. exp overflows to inf where the sigmoid is 0 to
    # double precision anyway, so that warning is noise.
    np.negative(Z, out=Z)
    return _logistic_of_negated(Z)


def _logistic_of_negated(Z):
    """The sigmoid of ``-Z``, in place (saves a pass over ``Z``)."""
    with np.errstate(over="ignore"):
        np.exp(Z, out=Z)
    Z += 1
    # divide is vectorised where reciprocal is not: a third faster, same bits.
    return np.divide(1.0, Z, out=Z)


def _tanh(Z):
    return np.tanh(Z, out=Z)


def _relu(Z):
    return np.maximum(Z, 0, out=Z)


def _step(Z):
    # The tutorial's transfer function: 1 for a non-negative activation.
    return np.heaviside(Z, 1.0, out=Z)


#: Hidden-layer activations, applied in place to the pre-activations.
ACTIVATIONS = {
    "identity": _identity,
    "logistic": _logistic,
    "tanh": _tanh,
    "relu": _relu,
    "step": _step,
}


def _identity_derivative(A, delta):
    pass


def _logistic_derivative(A, delta):
    delta *= A
    delta *= 1 - A


def _tanh_derivative(A, delta):
    delta *= 1 - A**2


def _relu_derivative(A, delta):
    delta[A == 0] = 0


#: Derivatives written in terms of the activation's *output* ``A``; they
#: scale ``delta`` in place. ``step`` is absent: it has no useful gradient.
DERIVATIVES = {
    "identity": _identity_derivative,
    "logistic": _logistic_derivative,
    "tanh": _tanh_derivative,
    "relu": _relu_derivative,
}


def init_scale(layout, activation):
    """Per-parameter half-width of the Glorot-uniform initialisation.

    Weights and biases of a layer with ``fan_in`` inputs and ``fan_out``
    outputs are drawn from ``U(-b, b)`` with ``b = sqrt(f / (fan_in +
    fan_out))``, ``f = 2`` for logistic networks and ``6`` otherwise, as in
    scikit-learn's ``MLPClassifier``. The draw is symmetric around zero, so
    no seed starts on the plateau that an all-positive start can give.

    Returns
    -------
    scale : ndarray of shape (n_params,)
    """
    factor = 2.0 if activation == "logistic" else 6.0
    scale = np.empty(layout.n_params)
    coefs, intercepts = layout.unpack(scale)
    for (fan_in, fan_out), coef, intercept in zip(layout.shapes, coefs, intercepts):
        bound = np.sqrt(factor / (fan_in + fan_out))
        coef[...] = bound
        intercept[...] = bound
    return scale


def forward(coefs, intercepts, X, activation, intercept_in_X=False, out=None):
    """Output-layer pre-activations (logits) for a population of networks.

    Parameters
    ----------
    coefs : list of ndarray of shape (P, fan_in, fan_out)
    intercepts : list of ndarray of shape (P, fan_out)
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    activation : str
        Key of :data:`ACTIVATIONS`, applied after every hidden layer.
    intercept_in_X : bool, default=False
        Whether the last column of ``X`` is ones and ``coefs[0]`` has the
        first layer's intercepts as its last row (``intercepts[0]`` is then
        ignored): the product adds them, which saves a pass over the
        first layer's activations.
    out : list of ndarray, default=None
        One C-contiguous array per layer, of shape ``(P, n_samples,
        fan_out)``, that receives the layer's outputs instead of a new
        array (with a sparse ``X``, all but the first). The products are
        the same, bit for bit.

    Returns
    -------
    logits : ndarray of shape (P, n_samples, n_outputs)
        ``out[-1]`` when ``out`` is given.
    """
    act = ACTIVATIONS[activation]
    # A logistic layer is computed from its negated pre-activations: the
    # weights are negated instead (far fewer numbers than the activations).
    negated = activation == "logistic"
    if negated:
        act = _logistic_of_negated
    last = len(coefs) - 1
    Z = X
    for i, (W, b) in enumerate(zip(coefs, intercepts)):
        with_intercept = i == 0 and intercept_in_X
        if negated and i < last:
            W = -W
            b = b if with_intercept else -b
        buffer = None if out is None else out[i]
        Z = _first_product(X, W, buffer) if i == 0 else np.matmul(Z, W, out=buffer)
        if not with_intercept:
            Z += b[:, None, :]
        if i < last:
            act(Z)
    return Z


def _first_product(X, W, out=None):
    """``X @ W[p]`` for every candidate ``p``, shape ``(P, n_samples, fan_out)``."""
    if hasattr(X, "toarray"):
        # Sparse X: one product for the whole population,
        # X @ [W_1 | W_2 | ...]; a sparse product computes every column the
        # same way whatever the number of columns.
        n_pop, fan_in, fan_out = W.shape
        W_wide = W.transpose(1, 0, 2).reshape(fan_in, n_pop * fan_out)
        Z = np.asarray(X @ W_wide).reshape(-1, n_pop, fan_out)
        return np.ascontiguousarray(Z.transpose(1, 0, 2))
    # A stacked product: one call, one BLAS product per candidate, each bit
    # for bit what that candidate gives alone. (One wide product
    # X @ [W_1 | W_2 | ...] is not faster here, and BLAS rounds its edge
    # columns differently, so a candidate's loss would depend on its
    # neighbours and speculative evaluation would not be exact.)
    return np.matmul(X, W, out=out)


def forward_backward(coefs, intercepts, X, activation, output_gradient, out=None):
    """Logits and gradient of one network, by backpropagation.

    Parameters
    ----------
    coefs : list of ndarray of shape (fan_in, fan_out)
    intercepts : list of ndarray of shape (fan_out,)
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    activation : str
        Key of :data:`DERIVATIVES`.
    output_gradient : callable
        ``output_gradient(logits) -> (loss, delta)``: the data term of the
        loss and its derivative with respect to the logits, shape
        ``(n_samples, n_outputs)``, already divided by the normaliser.
    out : tuple of two lists of ndarray, default=None
        Arrays shaped like ``coefs`` and ``intercepts`` to write the
        gradients into (views of one flat gradient vector, say), instead
        of new arrays.

    Returns
    -------
    loss : float
        What ``output_gradient`` returned.
    coef_grads, intercept_grads : list of ndarray
        Gradients of the data term, shaped like ``coefs`` and ``intercepts``.
    """
    act = ACTIVATIONS[activation]
    derivative = DERIVATIVES[activation]
    activations = [X]
    for i, (W, b) in enumerate(zip(coefs, intercepts)):
        Z = np.asarray(activations[-1] @ W)
        Z += b
        if i < len(coefs) - 1:
            act(Z)
        activations.append(Z)
    loss, delta = output_gradient(activations[-1])
    if out is None:
        coef_grads = [np.empty_like(W) for W in coefs]
        intercept_grads = [np.empty_like(b) for b in intercepts]
    else:
        coef_grads, intercept_grads = out
    for i in range(len(coefs) - 1, -1, -1):
        if i == 0 and hasattr(X, "toarray"):
            coef_grads[i][...] = np.asarray(X.T @ delta)
        else:
            np.matmul(activations[i].T, delta, out=coef_grads[i])
        np.sum(delta, axis=0, out=intercept_grads[i])
        if i > 0:
            delta = delta @ coefs[i].T
            derivative(activations[i], delta)
    return loss, coef_grads, intercept_grads
