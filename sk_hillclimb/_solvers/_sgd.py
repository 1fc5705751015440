"""Minibatch stochastic gradient descent with momentum."""

import numpy as np

from ._base import Solver


class SGDBackprop(Solver):
    """Minibatch SGD on gradients computed by backpropagation.

    The update is scikit-learn's ``SGDOptimizer`` with a constant learning
    rate::

        v = momentum * v - learning_rate_init * grad
        theta += momentum * v - learning_rate_init * grad   # Nesterov
        theta += v                                          # otherwise

    The estimator evaluates one minibatch per ask/tell round and shuffles
    the rows every epoch.

    Parameters
    ----------
    learning_rate_init : float
        Step length.
    momentum : float
        Weight of the previous update, in ``[0, 1]``.
    nesterovs_momentum : bool
        Whether to look ahead along the velocity (Nesterov's momentum).
    """

    uses_gradient = True
    default_n_iter_no_change = 10
    hyperparameters = ("learning_rate_init", "momentum", "nesterovs_momentum")

    def __init__(
        self,
        theta0,
        *,
        learning_rate_init,
        momentum,
        nesterovs_momentum,
    ):
        super().__init__(theta0)
        self.learning_rate_init = learning_rate_init
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.velocity = np.zeros_like(self.theta)

    def ask(self):
        return self.theta[None]

    def tell(self, candidates, losses, grads=None):
        grad = grads[0]
        lr, mu = self.learning_rate_init, self.momentum
        self.velocity *= mu
        self.velocity -= lr * grad
        if self.nesterovs_momentum:
            self.theta += mu * self.velocity - lr * grad
        else:
            self.theta += self.velocity
        self.loss = float(losses[0])

    def get_state(self):
        return {"velocity": self.velocity.copy()}

    def set_state(self, state):
        self.velocity = np.array(state["velocity"], dtype=np.float64)
