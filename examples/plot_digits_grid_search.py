"""
===========================================================
Digits: grid search over learning rate and L2 penalty
===========================================================

Morten Hjorth-Jensen's lecture notes `Data Analysis and Machine Learning:
Neural networks, from the simple perceptron to deep learning
<https://compphysics.github.io/MachineLearning/doc/pub/NeuralNet/html/NeuralNet-bs.html>`__
(University of Oslo, 2018) train a network with one hidden layer of 50 sigmoid units
and a softmax output on scikit-learn's 8x8 digits by minibatch SGD with
backpropagation, then searches a grid of learning rates ``eta`` and L2
strengths ``lambda``, both ``logspace(-5, 1, 7)``, and shows train and
test accuracy as heatmaps.

Here the same grid is a :class:`~sklearn.model_selection.GridSearchCV`
over ``learning_rate_init`` and ``alpha`` of
:class:`~sk_hillclimb.HillClimbMLPClassifier` with
``solver="sgd-backprop"``.

.. note::
   To keep the gallery fast, each of the 49 grid points trains for **20
   epochs** (the lecture notes: 100) with **3-fold** cross-validation, and the
   "train" heatmap shows the mean accuracy on the training folds, the
   "test" heatmap the mean accuracy on the held-out folds.
"""

# %%
# Data and estimator
# ------------------
# Pixels are scaled to ``[0, 1]`` and 20% of the images are kept aside, as
# in the lecture notes. Plain minibatch SGD: batches of 100, no momentum.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, train_test_split

from sk_hillclimb import HillClimbMLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X / 16, y, test_size=0.2, random_state=0
)
network = HillClimbMLPClassifier(
    (50,),
    "logistic",
    solver="sgd-backprop",
    batch_size=100,
    max_iter=20,
    momentum=0.0,
    tol=None,
    random_state=0,
)

# %%
# The grid search
# ---------------
# The lecture notes' L2 term adds ``lambda * W`` to the gradient of the
# minibatch *sum* of losses; ``alpha`` adds ``alpha * W / batch_size`` to
# the gradient of the minibatch *mean*, as in scikit-learn's
# ``MLPClassifier``. The two grids have the same shape, but a given ``eta``
# here is a step ``batch_size`` times shorter than the lecture notes'.
# ``n_jobs=2`` runs two fits at a time; each fit has its own
# ``random_state``, so the result does not depend on it.
eta_vals = np.logspace(-5, 1, 7)
lmbd_vals = np.logspace(-5, 1, 7)
search = GridSearchCV(
    network,
    {"learning_rate_init": eta_vals, "alpha": lmbd_vals},
    cv=3,
    return_train_score=True,
    n_jobs=2,
)
search.fit(X_train, y_train)
print("best parameters:", {k: float(v) for k, v in search.best_params_.items()})
print(f"best cross-validated accuracy: {search.best_score_:.3f}")
held_out = search.score(X_test, y_test)
print(f"accuracy of the refitted best model on the 20% test set: {held_out:.3f}")

# %%
# Heatmaps
# --------
# ``cv_results_`` lists the grid with ``alpha`` varying slowest; reshaping
# to ``(alpha, eta)`` and transposing gives the lecture notes' layout, ``eta``
# down the rows and ``lambda`` across the columns. Learning rates of
# ``0.01`` or less barely move the weights in 20 epochs; with learning
# rates of ``0.1`` and more, ``alpha=10`` pulls all weights to zero and the
# network predicts one class; the best results
# lie along ``eta=1`` with a small penalty. Each cell gives the accuracy in
# percent.
results = search.cv_results_
shape = (len(lmbd_vals), len(eta_vals))
train_accuracy = results["mean_train_score"].reshape(shape).T
test_accuracy = results["mean_test_score"].reshape(shape).T

ticks = [f"$10^{{{np.log10(v):.0f}}}$" for v in eta_vals]
fig, axes = plt.subplots(1, 2, figsize=(7, 3.9), layout="constrained", sharey=True)
for ax, scores, title in zip(
    axes, (train_accuracy, test_accuracy), ("Training accuracy", "Test accuracy")
):
    image = ax.imshow(100 * scores, cmap="viridis", vmin=0, vmax=100)
    for (i, j), score in np.ndenumerate(100 * scores):
        color = "black" if score > 50 else "white"
        ax.text(j, i, f"{score:.0f}", ha="center", va="center", color=color)
    ax.set_xticks(range(len(lmbd_vals)), ticks)
    ax.set_yticks(range(len(eta_vals)), ticks)
    ax.set_xlabel(r"$\lambda$ (alpha)")
    ax.set_title(title)
axes[0].set_ylabel(r"$\eta$ (learning_rate_init)")
fig.colorbar(image, ax=axes, shrink=0.75)
fig.suptitle("Mean accuracy in %, 3-fold cross-validation, 20 epochs")
plt.show()
