"""Minibatch stochastic gradient descent with momentum and rate schedules."""

import numpy as np

from ._base import Solver


class SGDBackprop(Solver):
    """Minibatch SGD on gradients computed by backpropagation.

    The update is scikit-learn's ``SGDOptimizer``, with the current
    learning rate ``lr``::

        v = momentum * v - lr * grad
        theta += momentum * v - lr * grad   # Nesterov
        theta += v                          # otherwise

    and so are its schedules of ``lr``, which start at
    ``learning_rate_init``:

    - ``"constant"``: it stays there;
    - ``"invscaling"``: after every epoch it becomes
      ``learning_rate_init / (t + 1) ** power_t``, ``t`` the number of
      training samples seen so far (:meth:`iteration_ends`);
    - ``"adaptive"``: when the estimator's ``tol`` rule fires, it is
      divided by 5 instead of stopping training, which stops once it is
      ``1e-6`` or less (:meth:`trigger_stopping`).

    The estimator evaluates one minibatch per ask/tell round and shuffles
    the rows every epoch.

    Parameters
    ----------
    theta0 : ndarray of shape (n_params,)
        Starting point; copied.
    learning_rate_init : float
        Initial step length.
    momentum : float
        Weight of the previous update, in ``[0, 1]``.
    nesterovs_momentum : bool
        Whether to look ahead along the velocity (Nesterov's momentum).
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Schedule of the step length.
    power_t : float, default=0.5
        Exponent of the ``"invscaling"`` schedule.

    Attributes
    ----------
    lr : float
        Current step length.
    velocity : ndarray of shape (n_params,)
        The last update.
    """

    uses_gradient = True
    default_n_iter_no_change = 10
    #: ``learning_rate_init="auto"``. With Nesterov's momentum 0.9 a
    #: steady gradient moves the weights by ten times the rate an update:
    #: 0.1, the usual step of momentum SGD. scikit-learn's 0.001 (its
    #: default for "adam" as for "sgd") stopped 5 points short of
    #: ``MLPClassifier()`` on the iris data after 1000 epochs and 9 points
    #: short on the spiral (see the user guide's "Defaults").
    default_learning_rate_init = 0.01
    hyperparameters = (
        "learning_rate_init",
        "momentum",
        "nesterovs_momentum",
        "learning_rate",
        "power_t",
    )

    def __init__(
        self,
        theta0,
        *,
        learning_rate_init,
        momentum,
        nesterovs_momentum,
        learning_rate="constant",
        power_t=0.5,
    ):
        super().__init__(theta0)
        self.learning_rate_init = learning_rate_init
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.schedule = learning_rate
        self.power_t = power_t
        self.lr = float(learning_rate_init)
        self.velocity = np.zeros_like(self.theta)

    def ask(self):
        return self.theta[None]

    def tell(self, candidates, losses, grads=None):
        grad = grads[0]
        lr, mu = self.lr, self.momentum
        self.velocity *= mu
        self.velocity -= lr * grad
        if self.nesterovs_momentum:
            self.theta += mu * self.velocity - lr * grad
        else:
            self.theta += self.velocity
        self.loss = float(losses[0])

    def iteration_ends(self, time_step):
        if self.schedule == "invscaling":
            self.lr = float(self.learning_rate_init) / (time_step + 1) ** self.power_t

    def trigger_stopping(self, verbose):
        if self.schedule != "adaptive" or self.lr <= 1e-6:
            if verbose and self.schedule == "adaptive":
                print(f"Learning rate {self.lr:g} too small.")
            return True
        self.lr /= 5.0
        if verbose:
            print(f"Setting learning rate to {self.lr:g}.")
        return False

    def get_state(self):
        return {"velocity": self.velocity.copy(), "lr": self.lr}

    def set_state(self, state):
        self.velocity = np.array(state["velocity"], dtype=np.float64)
        # States saved before the schedules existed had a constant rate.
        self.lr = float(state.get("lr", self.learning_rate_init))
