"""Where each layer's weights live inside one flat parameter vector."""

import numpy as np


class Layout:
    """Map a flat parameter vector to per-layer weight views.

    All weights and biases of a network are one vector ``theta`` of length
    ``n_params``, laid out layer by layer: ``W0, b0, W1, b1, ...``, each
    ``W`` row-major with shape ``(fan_in, fan_out)``. Solvers only ever see
    such vectors (or populations of them, shape ``(P, n_params)``); the
    network only ever sees the per-layer views returned by :meth:`unpack`.

    Parameters
    ----------
    layer_units : sequence of int
        Units per layer, inputs first and outputs last, e.g. ``[5, 10, 1]``.
    """

    def __init__(self, layer_units):
        self.layer_units = tuple(int(u) for u in layer_units)
        self.shapes = list(zip(self.layer_units[:-1], self.layer_units[1:]))
        self._coef_slices = []
        self._intercept_slices = []
        start = 0
        for fan_in, fan_out in self.shapes:
            self._coef_slices.append(slice(start, start + fan_in * fan_out))
            start += fan_in * fan_out
            self._intercept_slices.append(slice(start, start + fan_out))
            start += fan_out
        self.n_params = start

    @property
    def coef_slices(self):
        """The run of each layer's coefficients in ``theta``, a list of slices."""
        return self._coef_slices

    def unpack(self, theta):
        """Views of ``theta`` as lists of coefficient and intercept arrays.

        Parameters
        ----------
        theta : ndarray of shape (n_params,) or (P, n_params)
            One parameter vector or a population of them.

        Returns
        -------
        coefs : list of ndarray
            Views of shape ``(..., fan_in, fan_out)``, one per layer.
        intercepts : list of ndarray
            Views of shape ``(..., fan_out)``, one per layer.
        """
        lead = theta.shape[:-1]
        coefs = [
            theta[..., s].reshape(lead + shape)
            for s, shape in zip(self._coef_slices, self.shapes)
        ]
        intercepts = [theta[..., s] for s in self._intercept_slices]
        return coefs, intercepts

    def pack(self, coefs, intercepts, dtype=np.float64):
        """Flatten per-layer arrays into one new parameter vector.

        Parameters
        ----------
        coefs : list of ndarray of shape (fan_in, fan_out)
        intercepts : list of ndarray of shape (fan_out,)
        dtype : numpy dtype, default=np.float64

        Returns
        -------
        theta : ndarray of shape (n_params,)
        """
        theta = np.empty(self.n_params, dtype=dtype)
        theta_coefs, theta_intercepts = self.unpack(theta)
        for dst, src in zip(theta_coefs + theta_intercepts, coefs + intercepts):
            dst[...] = src
        return theta
