"""What the two MLP estimators share: hidden layers and their weights."""

from numbers import Integral

import numpy as np

from ._network import ACTIVATIONS
from ._sklearn_compat import Interval, StrOptions


class MLPMixin:
    """Hidden layers from ``hidden_layer_sizes`` and ``activation``, and
    the weights kept as ``coefs_`` / ``intercepts_``.

    Listed before the estimator base, whose defaults (no hidden layer) it
    overrides. Subclasses name their output layer in :meth:`_out_activation`.
    """

    _mlp_parameter_constraints = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS))],
    }

    def _hidden_layers(self):
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if np.ndim(sizes) == 0 else list(sizes)
        if any(int(s) != s or s < 1 for s in sizes):
            raise ValueError(
                f"hidden_layer_sizes must hold positive integers, got {sizes}."
            )
        return tuple(int(s) for s in sizes)

    def _activation(self):
        return self.activation

    def _get_weights(self):
        return self.coefs_, self.intercepts_

    def _weight_attributes(self, coefs, intercepts):
        n_outputs = coefs[-1].shape[1]
        return {
            "coefs_": coefs,
            "intercepts_": intercepts,
            "n_layers_": len(coefs) + 1,
            "n_outputs_": n_outputs,
            "out_activation_": self._out_activation(n_outputs),
        }
