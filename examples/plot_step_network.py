"""
==========================================================
A network of step units: what backpropagation can't train
==========================================================

The perceptron of Jason Brownlee's tutorial `How to Manually Optimize Neural Network
Models <https://machinelearningmastery.com/manually-optimize-neural-networks/>`__
(Machine Learning Mastery, 2020) uses the *step* transfer function: a unit
outputs 1 when its weighted input is non-negative and 0 otherwise. Its
derivative is zero everywhere it exists, so backpropagation gets no signal
through a hidden layer of step units, and gradient-based libraries cannot
train such networks at all.

Hill climbing only compares losses, so it trains them like any other
network. Here a hidden layer of 8 step units learns XOR, a problem no
linear model solves.
"""

# %%
# XOR data
# --------
# The class is 1 where the two coordinates have the same sign.
import matplotlib.pyplot as plt
import numpy as np

from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron

rng = np.random.RandomState(0)
X = rng.uniform(-1, 1, size=(400, 2))
y = (X[:, 0] * X[:, 1] > 0).astype(int)

# %%
# Backpropagation refuses the step network
# ----------------------------------------
# The estimator checks the combination before training and says why.
step_network = HillClimbMLPClassifier((8,), "step", solver="sgd-backprop")
try:
    step_network.fit(X, y)
except ValueError as error:
    print(error)

# %%
# Hill climbing trains it
# -----------------------
# The step network is trained on accuracy, the objective the tutorial
# used, for 3,000 iterations. For reference: a perceptron (one linear unit:
# no line separates XOR, the best it can do is cut off a corner) and the
# same network with smooth ``logistic`` units trained by backpropagation,
# which is what a gradient-based library would offer instead.
# The tutorial's step: absolute, fixed at 0.1, no restarts.
tutorial = dict(
    step_size=0.1, step_scale="absolute", step_adaptation=None, restart_patience=None
)
models = {
    "perceptron (linear), hillclimb": HillClimbPerceptron(
        objective="accuracy", max_iter=3000, tol=None, random_state=0, **tutorial
    ),
    "8 step units, hillclimb": HillClimbMLPClassifier(
        (8,),
        "step",
        objective="accuracy",
        alpha=0.0,
        max_iter=3000,
        tol=None,
        random_state=0,
        **tutorial,
    ),
    "8 logistic units, sgd-backprop": HillClimbMLPClassifier(
        (8,),
        "logistic",
        solver="sgd-backprop",
        learning_rate_init=0.5,
        max_iter=1000,
        tol=None,
        random_state=0,
    ),
}
for name, model in models.items():
    model.fit(X, y)
    print(f"{name:<32} training accuracy {model.score(X, y):.3f}")

# %%
# Decision regions
# ----------------
# Each step unit cuts the plane along one line, so the step network's
# decision regions are polygons with sharp corners; the logistic network's
# boundaries are smooth curves.
xx, yy = np.meshgrid(np.linspace(-1, 1, 300), np.linspace(-1, 1, 300))
grid = np.column_stack([xx.ravel(), yy.ravel()])
fig, axes = plt.subplots(1, 3, figsize=(7, 3.1), layout="constrained")
for ax, (name, model) in zip(axes, models.items()):
    Z = model.predict(grid).reshape(xx.shape)
    ax.contourf(xx, yy, Z, alpha=0.3, cmap="coolwarm")
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=8)
    title = name.replace(", ", "\n")
    ax.set_title(f"{title}\naccuracy {model.score(X, y):.2f}")
    ax.set_aspect("equal")

# %%
# The accuracy curve of the step network
# --------------------------------------
# With ``objective="accuracy"`` the loss is the error rate, a staircase:
# flat stretches where hill climbing drifts on a plateau, then a drop when
# a step moves one of the lines across some points.
curve = models["8 step units, hillclimb"].loss_curve_
fig, ax = plt.subplots(figsize=(7, 3), layout="constrained")
ax.plot(1 - np.array(curve))
ax.set_xlabel("iteration")
ax.set_ylabel("training accuracy")
ax.set_title("8 step units trained by hill climbing")
plt.show()
