"""Minibatch Adam: gradient steps scaled by running moment estimates."""

import numpy as np

from ._base import Solver


class Adam(Solver):
    """Minibatch Adam on gradients computed by backpropagation.

    The update is scikit-learn's ``AdamOptimizer`` (Kingma and Ba, 2014),
    operation for operation, after ``t`` minibatches::

        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * grad ** 2
        lr = learning_rate_init * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
        theta += -lr * m / (sqrt(v) + epsilon)

    Each step moves every weight by about ``learning_rate_init`` at most,
    whatever the scale of its gradient. Like scikit-learn's, it has no
    learning-rate schedule: the estimator's ``learning_rate`` and
    ``power_t`` are for ``"sgd-backprop"`` only.

    Parameters
    ----------
    theta0 : ndarray of shape (n_params,)
        Starting point; copied.
    learning_rate_init : float
        Step length before the bias correction.
    beta_1, beta_2 : float
        Decay rates of the first and second moment estimates, in ``[0, 1)``.
    epsilon : float
        Added to ``sqrt(v)`` so that weights with no gradient yet do not
        divide by zero.

    Attributes
    ----------
    m, v : ndarray of shape (n_params,)
        First and second moment estimates.
    t : int
        Minibatches seen, the exponent of the bias corrections.
    """

    uses_gradient = True
    default_n_iter_no_change = 10
    #: ``learning_rate_init="auto"``: scikit-learn's default for "adam".
    default_learning_rate_init = 0.001
    hyperparameters = ("learning_rate_init", "beta_1", "beta_2", "epsilon")

    def __init__(self, theta0, *, learning_rate_init, beta_1, beta_2, epsilon):
        super().__init__(theta0)
        self.learning_rate_init = learning_rate_init
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.t = 0
        self.m = np.zeros_like(self.theta)
        self.v = np.zeros_like(self.theta)

    def ask(self):
        return self.theta[None]

    def tell(self, candidates, losses, grads=None):
        grad = grads[0]
        b1, b2 = self.beta_1, self.beta_2
        self.t += 1
        # The expressions and their order are scikit-learn's, so that the
        # same gradients give the same weights to the last bit.
        self.m = b1 * self.m + (1 - b1) * grad
        self.v = b2 * self.v + (1 - b2) * (grad**2)
        lr = self.learning_rate_init * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        self.theta = self.theta + -lr * self.m / (np.sqrt(self.v) + self.epsilon)
        self.loss = float(losses[0])

    def get_state(self):
        return {"m": self.m.copy(), "v": self.v.copy(), "t": self.t}

    def set_state(self, state):
        self.m = np.array(state["m"], dtype=np.float64)
        self.v = np.array(state["v"], dtype=np.float64)
        self.t = int(state["t"])
