"""
===========================================
Prediction intervals from quantile networks
===========================================

A network trained on the pinball loss of a quantile ``q`` predicts the
conditional ``q``-quantile of the target: with ``objective="quantile"``,
a 0.1 network and a 0.9 network bound an 80% prediction interval.
scikit-learn's :class:`~sklearn.neural_network.MLPRegressor` has no such
loss; :class:`~sk_hillclimb.HillClimbMLPRegressor` trains it with every
solver (the derivative-free ones need only the loss, the gradient ones
follow its subgradient), inside an ordinary scikit-learn pipeline.

Here the noise grows along the input, so a good interval widens with it.
The intervals are compared, on held-out data, with those of
:class:`~sklearn.ensemble.HistGradientBoostingRegressor` and its
``loss="quantile"``.
"""

# %%
# Data whose noise grows with x
# -----------------------------
# ``y = x sin(x)`` plus Gaussian noise whose standard deviation goes from
# 0.5 at ``x = 0`` to 3.5 at ``x = 10``; a quarter of the points held out.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import mean_pinball_loss
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_hillclimb import HillClimbMLPRegressor

rng = np.random.RandomState(0)
X = rng.uniform(0, 10, size=(1000, 1))
x = X[:, 0]
y = x * np.sin(x) + (0.5 + 0.3 * x) * rng.normal(size=len(x))
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)

# %%
# Two quantile networks and two quantile boosters
# -----------------------------------------------
# One network per quantile, each a pipeline that standardises the input
# and fits a (16,) tanh network by hill climbing on the pinball loss; the
# same two quantiles by gradient boosting.
quantiles = (0.1, 0.9)


def network(q):
    return make_pipeline(
        StandardScaler(),
        HillClimbMLPRegressor(
            (16,), "tanh", objective="quantile", quantile=q, random_state=0
        ),
    )


def booster(q):
    return HistGradientBoostingRegressor(loss="quantile", quantile=q, random_state=0)


models = {"network (hillclimb)": network, "HistGradientBoostingRegressor": booster}
fitted = {
    name: [make(q).fit(X_train, y_train) for q in quantiles]
    for name, make in models.items()
}

# %%
# Coverage on held-out data
# -------------------------
# The share of test targets inside each 80% interval, and the pinball
# loss of each bound (lower is better).
for name, (low, high) in fitted.items():
    lower, upper = low.predict(X_test), high.predict(X_test)
    coverage = np.mean((lower <= y_test) & (y_test <= upper))
    losses = [
        mean_pinball_loss(y_test, bound, alpha=q)
        for bound, q in zip((lower, upper), quantiles)
    ]
    print(
        f"{name:<30} coverage {coverage:.3f}   pinball loss "
        f"q=0.1 {losses[0]:.3f}, q=0.9 {losses[1]:.3f}"
    )

# %%
# The intervals
# -------------
# Both widen with the noise. The boosters' bounds are steps (a sum of
# trees); the networks' are smooth curves.
grid = np.linspace(0, 10, 400)[:, None]
fig, axes = plt.subplots(1, 2, figsize=(8, 3.4), sharey=True, layout="constrained")
for ax, (name, (low, high)) in zip(axes, fitted.items()):
    _ = ax.scatter(X_test[:, 0], y_test, s=4, color="0.5", label="test data")
    _ = ax.fill_between(
        grid[:, 0],
        low.predict(grid),
        high.predict(grid),
        alpha=0.35,
        label="0.1 to 0.9 quantile",
    )
    _ = ax.plot(grid[:, 0], grid[:, 0] * np.sin(grid[:, 0]), "k", lw=1, label="x sin x")
    _ = ax.set_title(name)
    _ = ax.set_xlabel("x")
_ = axes[0].set_ylabel("y")
_ = axes[0].legend(loc="upper left", fontsize=8)
plt.show()
