"""
===================================================
Random search versus hill climbing: where it stalls
===================================================

Chapter 6, "Introducing Optimization", of Harrison Kinsley and Daniel
Kukieła's `Neural Networks from Scratch in Python <https://nnfs.io>`__
(2020), also followed through a Jupyter notebook of the chapter by
Radhamadhab Dalai, trains a tiny network, ``Dense(2, 3) - ReLU - Dense(3, 3) -
Softmax`` with categorical cross-entropy, without any gradient:

1. **random search**: draw fresh weights every iteration and keep the best.
   It finds a better network ever more rarely.
2. **random adjustment** (stochastic hill climbing): add ``0.05 * randn`` to
   every weight and keep the change only if the loss does not rise. It
   solves the "vertical" data but stalls on the spiral.

Here is the same experiment with :class:`~sk_hillclimb.HillClimbMLPClassifier`,
10,000 iterations each, plus what ``solver="sgd-backprop"`` does on the very
same network.
"""

# %%
# The data
# --------
# :func:`~sk_hillclimb.datasets.make_vertical` and
# :func:`~sk_hillclimb.datasets.make_spiral` generate the chapter's data:
# 3 classes of 100 points. The book and the notebook define "vertical data"
# differently; the book's version (``variant="columns"``) is used below.
# The notebook's version (``variant="bands"``)
# overlaps so much that no classifier does much better than chance.
import matplotlib.pyplot as plt
import numpy as np

from sk_hillclimb import HillClimbMLPClassifier
from sk_hillclimb.datasets import make_spiral, make_vertical

datasets = {
    "vertical": make_vertical(n_samples=300, n_classes=3, random_state=0),
    "spiral": make_spiral(n_samples=300, n_classes=3, random_state=0),
}
bands = make_vertical(n_samples=300, n_classes=3, variant="bands", random_state=0)

fig, axes = plt.subplots(1, 3, figsize=(7, 2.9), layout="constrained")
for ax, (title, (X, y)) in zip(
    axes,
    [
        ('make_vertical\nvariant="columns"', datasets["vertical"]),
        ('make_vertical\nvariant="bands"', bands),
        ("make_spiral", datasets["spiral"]),
    ],
):
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="brg", s=8)
    ax.set_title(title)

# %%
# Training the tutorial's network three ways
# ------------------------------------------
# ``hidden_layer_sizes=(3,)`` with ``activation="relu"`` and three classes
# is exactly the tutorial's network (a softmax output for more than two
# classes). ``alpha=0`` drops the L2 penalty the tutorial does not have.
# The derivative-free solvers run 10,000 iterations (one candidate each);
# ``"sgd-backprop"`` runs 1,000 epochs of minibatch gradient descent.
SOLVERS = ("random", "hillclimb", "sgd-backprop")


def tutorial_network(solver, hidden=(3,)):
    return HillClimbMLPClassifier(
        hidden,
        "relu",
        solver=solver,
        alpha=0.0,
        step_size=0.05,
        step_scale="absolute",
        step_adaptation=None,
        restart_patience=None,
        learning_rate_init=0.1,
        max_iter=1000 if solver == "sgd-backprop" else 10_000,
        tol=None,
        random_state=0,
    )


fitted = {}
for data_name, (X, y) in datasets.items():
    for solver in SOLVERS:
        model = tutorial_network(solver).fit(X, y)
        fitted[data_name, solver] = model
        print(
            f"{data_name:<9} {solver:<13} loss {model.loss_:.3f}  "
            f"accuracy {model.score(X, y):.3f}"
        )

# %%
# Loss curves
# -----------
# Random search finds a better network less and less often (a new record
# after ``t`` draws comes with probability ``1 / (t + 1)``), so its curve
# is a staircase of ever longer treads: after 10,000 draws its loss is
# 1.088 on the spiral, a little below ``log(3) = 1.0986``, the loss of a
# uniform guess, and 0.876 on the vertical data, where hill climbing
# reaches 0.173. Hill climbing on the
# vertical data falls steadily; on the spiral it stops early, in a local
# minimum of this small network. One iteration of ``"sgd-backprop"``
# is an epoch (two minibatches here), so its curve is drawn against its own
# count of epochs.
fig, axes = plt.subplots(1, 2, figsize=(7, 3.8), sharey=True, layout="constrained")
for ax, data_name in zip(axes, datasets):
    for solver in SOLVERS:
        curve = fitted[data_name, solver].loss_curve_
        ax.plot(np.arange(1, len(curve) + 1), curve, label=solver)
    ax.axhline(np.log(3), color="gray", ls=":", label="uniform guess")
    ax.set_xscale("log")
    ax.set_xlabel("iteration (epoch for sgd-backprop)")
    ax.set_title(data_name)
axes[0].set_ylabel("training log-loss")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=4)
fig.suptitle("Dense(2,3)-ReLU-Dense(3,3)")


# %%
# Decision boundaries
# -------------------
# The class each trained network predicts over the plane. On the vertical
# data hill climbing and backpropagation both find the two vertical
# boundaries; random search does not. On the spiral, the three-unit
# network cannot follow the arms whatever the solver: backpropagation does
# no better than hill climbing here, because the network is too small.
def plot_boundary(ax, model, X, y, title):
    xx, yy = np.meshgrid(
        np.linspace(X[:, 0].min() - 0.2, X[:, 0].max() + 0.2, 200),
        np.linspace(X[:, 1].min() - 0.2, X[:, 1].max() + 0.2, 200),
    )
    Z = model.predict(np.column_stack([xx.ravel(), yy.ravel()]))
    ax.contourf(xx, yy, Z.reshape(xx.shape), alpha=0.25, cmap="brg")
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="brg", s=8)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])


fig, axes = plt.subplots(2, 3, figsize=(7, 5.2), layout="constrained")
for row, (data_name, (X, y)) in zip(axes, datasets.items()):
    for ax, solver in zip(row, SOLVERS):
        model = fitted[data_name, solver]
        plot_boundary(ax, model, X, y, f"{solver}: {model.score(X, y):.2f}")
    row[0].set_ylabel(data_name)

# %%
# A wider network on the spiral
# -----------------------------
# With 64 hidden units the network can draw the spiral, and now the
# solvers part ways: 10,000 hill-climbing steps perturb all 387 weights at
# once and rarely find one that helps, while 2,000 epochs of
# backpropagation (under a second) follow the gradient to a good fit.
X, y = datasets["spiral"]
fig, axes = plt.subplots(1, 2, figsize=(7, 3.8), layout="constrained")
for ax, solver in zip(axes, ("hillclimb", "sgd-backprop")):
    model = tutorial_network(solver, hidden=(64,))
    if solver == "sgd-backprop":
        model.set_params(max_iter=2000)
    model.fit(X, y)
    print(f"spiral, 64 units, {solver:<13} accuracy {model.score(X, y):.3f}")
    plot_boundary(ax, model, X, y, f"64 units, {solver}: {model.score(X, y):.2f}")
plt.show()
