"""HillClimbMLPRegressor: squared error, identity outputs, every solver."""

import numpy as np
import pytest
from sklearn.datasets import make_regression
from sklearn.metrics import r2_score
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from _shared import ALL_SOLVERS, GRADIENT_SOLVERS, assert_gradient_matches_losses
from sk_hillclimb import HillClimbMLPRegressor
from sk_hillclimb._layout import Layout
from sk_hillclimb._objectives import REGRESSION_OBJECTIVES
from sk_hillclimb._problem import TrainingProblem
from sk_hillclimb._sklearn_compat import InvalidParameterError
from sk_hillclimb._solvers import SOLVERS

#: Steps for every solver: learning_rate_init for the gradient solvers,
#: step_size for the derivative-free ones (each ignores the other).
STEPS = dict(learning_rate_init=0.01, step_size=0.02)


@pytest.fixture(scope="module")
def friedman_split():
    """A smooth non-linear target: y = sin(x0) + x1 ** 2 + noise."""
    rng = np.random.RandomState(0)
    X = rng.uniform(-2, 2, size=(400, 3))
    y = np.sin(X[:, 0]) + X[:, 1] ** 2 + 0.1 * rng.normal(size=400)
    return train_test_split(X, y, test_size=0.25, random_state=0)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_each_solver_learns_a_nonlinear_target(friedman_split, solver):
    # Test R^2 measured: sgd-backprop 0.994, anneal 0.968, hillclimb 0.958;
    # random search on 10 units beats the mean, not much more (0.23).
    solver_cls = SOLVERS[solver]
    min_r2 = 0.0 if solver_cls.poor_score else 0.95 if solver_cls.uses_gradient else 0.9
    X_train, X_test, y_train, y_test = friedman_split
    reg = HillClimbMLPRegressor(
        (10,), "tanh", solver=solver, max_iter=2000, tol=None, random_state=0, **STEPS
    ).fit(X_train, y_train)
    assert reg.score(X_test, y_test) > min_r2
    assert reg.score(X_test, y_test) == pytest.approx(
        r2_score(y_test, reg.predict(X_test))
    )
    assert reg.out_activation_ == "identity" and reg.n_outputs_ == 1
    assert reg.predict(X_test).shape == (len(X_test),)
    if not solver_cls.uses_gradient:
        # derivative-free: the best loss is that of the kept weights, exactly
        residual = reg.predict(X_train) - y_train
        penalty = 0.5 * reg.alpha * sum((W**2).sum() for W in reg.coefs_)
        expected = 0.5 * np.mean(residual**2) + penalty / len(y_train)
        assert reg.best_loss_ == pytest.approx(expected, rel=1e-10)
        assert np.all(np.diff(reg.best_loss_curve_) <= 0)
        assert np.all(np.asarray(reg.loss_curve_) >= reg.best_loss_curve_)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_multi_output_targets(solver):
    X, Y = make_regression(
        n_samples=120, n_features=5, n_targets=3, noise=1.0, random_state=0
    )
    Y /= Y.std(axis=0)
    reg = HillClimbMLPRegressor(
        (8,), solver=solver, max_iter=1000, tol=None, random_state=0, **STEPS
    ).fit(X, Y)
    assert reg.n_outputs_ == 3 and reg.coefs_[-1].shape == (8, 3)
    assert reg.predict(X).shape == (120, 3)
    assert reg.score(X, Y) == pytest.approx(r2_score(Y, reg.predict(X)))
    if not SOLVERS[solver].poor_score:
        # 0.888 (hillclimb) to 0.995 (sgd-backprop); hillclimb over seeds
        # 0-3: 0.888, 0.963, 0.955, 0.966.
        assert reg.score(X, Y) > 0.85


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.DataConversionWarning")
def test_column_vector_target_predicts_one_dimension_like_mlpregressor():
    X, y = make_regression(n_samples=50, n_features=2, random_state=0)
    ours = HillClimbMLPRegressor((3,), max_iter=5, random_state=0)
    ref = MLPRegressor(hidden_layer_sizes=(3,), max_iter=5, random_state=0)
    ref.fit(X, y[:, None])
    ours.fit(X, y[:, None])
    assert ours.predict(X).shape == ref.predict(X).shape == (50,)


def test_loss_matches_mlpregressor_on_the_same_weights():
    # Same weights, same data: the same loss_ value (0.5 * mean squared
    # error + the L2 penalty), so loss curves of the two are comparable.
    X, y = make_regression(n_samples=80, n_features=4, noise=3.0, random_state=1)
    y = y / y.std()
    ref = MLPRegressor(
        hidden_layer_sizes=(5,), solver="sgd", max_iter=1, alpha=0.3, random_state=0
    )
    ref.fit(X, y)
    layout = Layout([4, 5, 1])
    problem = TrainingProblem(
        layout, X, y[:, None], REGRESSION_OBJECTIVES["squared_error"], "relu", 0.3
    )
    theta = layout.pack(ref.coefs_, ref.intercepts_)
    residual = ref.predict(X) - y
    expected = 0.5 * np.mean(residual**2) + 0.5 * 0.3 * sum(
        (W**2).sum() for W in ref.coefs_
    ) / len(y)
    assert problem.losses(theta[None])[0] == pytest.approx(expected, rel=1e-12)


def test_squared_error_gradient_matches_finite_differences():
    rng = np.random.RandomState(0)
    X, Y = rng.normal(size=(30, 4)), rng.normal(size=(30, 2))
    layout = Layout([4, 6, 2])
    problem = TrainingProblem(
        layout,
        X,
        Y,
        REGRESSION_OBJECTIVES["squared_error"],
        "tanh",
        0.2,
        rng.uniform(0, 2, 30),
    )
    theta = rng.normal(size=layout.n_params)
    assert_gradient_matches_losses(problem, theta)


def test_step_units_regress_by_hill_climbing():
    # A step function target: what step hidden units are for.
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(200, 1))
    y = np.where(X[:, 0] > 0.3, 2.0, -1.0)
    reg = HillClimbMLPRegressor(
        (4,), "step", step_size=0.2, max_iter=1500, tol=None, random_state=0
    ).fit(X, y)
    assert reg.score(X, y) > 0.95


def test_classification_objectives_are_refused():
    X, y = make_regression(n_samples=20, n_features=2, random_state=0)
    with pytest.raises(InvalidParameterError, match="'objective' parameter"):
        HillClimbMLPRegressor(objective="log_loss").fit(X, y)
    assert not hasattr(HillClimbMLPRegressor(), "predict_proba")
    assert not hasattr(HillClimbMLPRegressor(), "decision_function")


def test_partial_fit_and_warm_start():
    X, y = make_regression(n_samples=100, n_features=3, noise=1.0, random_state=0)
    y = y / y.std()
    # partial_fit is one epoch: the gradient solvers' unit of training
    with_partial_fit = [
        s
        for s in ALL_SOLVERS
        if hasattr(HillClimbMLPRegressor(solver=s), "partial_fit")
    ]
    assert with_partial_fit == GRADIENT_SOLVERS
    reg = HillClimbMLPRegressor((6,), solver="sgd-backprop", learning_rate_init=0.01)
    reg.set_params(random_state=0)
    for _ in range(5):
        reg.partial_fit(X, y)
    assert reg.n_iter_ == 1 and len(reg.loss_curve_) == 5
    assert reg.loss_curve_[-1] < reg.loss_curve_[0]
    with pytest.raises(ValueError, match="number of targets cannot change"):
        reg.partial_fit(X, np.c_[y, y])
    warm = HillClimbMLPRegressor((6,), warm_start=True, max_iter=50, tol=None)
    warm.set_params(random_state=0).fit(X, y)
    first = warm.loss_
    warm.fit(X, y)
    assert warm.n_iter_ == 50 and len(warm.loss_curve_) == 100
    assert warm.loss_ <= first


def test_in_a_pipeline_with_cross_validation():
    X, y = make_regression(n_samples=150, n_features=4, noise=5.0, random_state=0)
    pipe = make_pipeline(
        StandardScaler(),
        HillClimbMLPRegressor(
            (10,), solver="sgd-backprop", learning_rate_init=0.01, random_state=0
        ),
    )
    scores = cross_val_score(pipe, X, y / y.std(), cv=3)
    assert scores.min() > 0.9
