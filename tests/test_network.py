"""The engine: layout, batched forward pass, objectives and backprop."""

import numpy as np
import pytest
from sklearn import config_context

from sk_hillclimb._layout import Layout
from sk_hillclimb._network import ACTIVATIONS, DERIVATIVES, forward, init_scale
from sk_hillclimb._objectives import OBJECTIVES, LogLoss
from sk_hillclimb._problem import TrainingProblem


def _problem(n_outputs, activation="tanh", objective="log_loss", alpha=0.0, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(40, 4))
    layout = Layout([4, 6, 5, n_outputs])
    if n_outputs == 1:
        y = rng.randint(0, 2, 40).astype(float)
    else:
        y = rng.randint(0, n_outputs, 40)
    problem = TrainingProblem(layout, X, y, OBJECTIVES[objective], activation, alpha)
    return problem, rng


def test_layout_views_and_pack_round_trip():
    layout = Layout([3, 4, 2])
    assert layout.n_params == 3 * 4 + 4 + 4 * 2 + 2
    theta = np.arange(layout.n_params, dtype=float)
    coefs, intercepts = layout.unpack(theta)
    assert [c.shape for c in coefs] == [(3, 4), (4, 2)]
    assert [b.shape for b in intercepts] == [(4,), (2,)]
    coefs[0][0, 0] = -1.0  # a view, not a copy
    assert theta[0] == -1.0
    np.testing.assert_array_equal(layout.pack(coefs, intercepts), theta)
    population = np.stack([theta, theta + 1])
    pop_coefs, _ = layout.unpack(population)
    assert pop_coefs[1].shape == (2, 4, 2)
    assert np.shares_memory(pop_coefs[1], population)
    assert layout.n_params == 3 * 4 + 4 * 2 + 4 + 2


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_population_forward_matches_one_network_at_a_time(activation):
    rng = np.random.RandomState(1)
    layout = Layout([5, 7, 3, 2])
    X = rng.normal(size=(30, 5))
    thetas = rng.normal(size=(6, layout.n_params))
    coefs, intercepts = layout.unpack(thetas)
    together = forward(coefs, intercepts, X, activation)
    assert together.shape == (6, 30, 2)
    for p in range(6):
        one_c, one_b = layout.unpack(thetas[p : p + 1])
        np.testing.assert_allclose(
            together[p], forward(one_c, one_b, X, activation)[0], rtol=1e-12
        )
        # and against a plain, readable forward pass
        Ws, bs = layout.unpack(thetas[p])
        A = X
        for i, (W, b) in enumerate(zip(Ws, bs)):
            A = A @ W + b
            if i < len(Ws) - 1:
                A = ACTIVATIONS[activation](A.copy())
        np.testing.assert_allclose(together[p], A, rtol=1e-12)


def test_step_activation_is_the_tutorial_transfer():
    Z = np.array([-2.0, -1e-12, 0.0, 3.0])
    np.testing.assert_array_equal(ACTIVATIONS["step"](Z), [0, 0, 1, 1])


@pytest.mark.parametrize("n_outputs", [1, 3])
@pytest.mark.parametrize("objective", ["log_loss", "perceptron"])
@pytest.mark.parametrize("activation", sorted(DERIVATIVES))
def test_backprop_gradient_matches_finite_differences(n_outputs, objective, activation):
    problem, rng = _problem(n_outputs, activation, objective, alpha=0.3)
    theta = rng.normal(scale=0.7, size=problem.layout.n_params)
    loss, grad = problem.loss_and_gradient(theta)
    assert loss == pytest.approx(problem.losses(theta[None])[0], rel=1e-12)
    eps = 1e-6
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = eps
        plus = problem.losses((theta + step)[None])[0]
        minus = problem.losses((theta - step)[None])[0]
        numeric[i] = (plus - minus) / (2 * eps)
    # The perceptron criterion and relu have kinks; none lies within eps of
    # these random points, so central differences are exact to ~1e-6 there.
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)


def test_minibatch_gradient_uses_batch_size_for_penalty():
    problem, rng = _problem(3, alpha=2.0)
    theta = rng.normal(size=problem.layout.n_params)
    rows = np.arange(10)
    loss, grad = problem.loss_and_gradient(theta, rows)
    sub = TrainingProblem(
        problem.layout, problem.X[:10], problem.y[:10], LogLoss(), "tanh", 2.0
    )
    full_loss, full_grad = sub.loss_and_gradient(theta)
    assert loss == pytest.approx(full_loss)
    np.testing.assert_allclose(grad, full_grad)


def test_log_loss_from_logits_is_exact_and_finite_for_huge_logits():
    loss = OBJECTIVES["log_loss"]
    Z = np.array([[[800.0], [-800.0], [0.0]]])
    y = np.array([0.0, 0.0, 1.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = loss.per_sample(Z, y)
    np.testing.assert_allclose(out[0], [800.0, 0.0, np.log(2)])
    Zm = np.array([[[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = loss.per_sample(Zm, np.array([2, 2]))
    expected_second = np.log(np.exp([1.0, 2.0, 3.0]).sum()) - 3.0
    np.testing.assert_allclose(out[0], [2000.0, expected_second])


@pytest.mark.parametrize("n_classes", [2, 3, 7, 8, 12])
@pytest.mark.parametrize("population", [1, 4])
def test_softmax_loss_is_minus_the_log_softmax_bit_for_bit(n_classes, population):
    # Short rows are reduced column by column: the same bits as numpy's
    # reductions, so losses (and fits) do not change with the shortcut.
    rng = np.random.default_rng(n_classes)
    Z = rng.normal(scale=30.0, size=(population, 50, n_classes))
    y = rng.integers(0, n_classes, 50)
    log_p = Z - Z.max(axis=-1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(axis=-1, keepdims=True))
    expected = -np.take_along_axis(
        log_p, np.broadcast_to(y[:, None], (population, 50, 1)), -1
    )[..., 0]
    loss = LogLoss()
    # Computed, cached, and computed again for other targets of equal values.
    for targets in (y, y, y.copy()):
        np.testing.assert_array_equal(loss.per_sample(Z, targets), expected)


def test_accuracy_objective_counts_mistakes():
    zero_one = OBJECTIVES["accuracy"]
    Z = np.array([[[2.0], [-1.0], [0.5], [-3.0]]])
    np.testing.assert_array_equal(
        zero_one.per_sample(Z, np.array([1.0, 1.0, 0.0, 0.0]))[0], [0, 1, 1, 0]
    )


def _tiled_problem(n_outputs, dtype=np.float64):
    problem, rng = _problem(n_outputs)
    X = np.tile(problem.X, (75, 1)).astype(dtype)
    y = np.tile(problem.y, 75)
    layout, objective = problem.layout, problem.objective
    return (lambda: TrainingProblem(layout, X, y, objective, "tanh", 0.1)), rng


@pytest.mark.parametrize("n_outputs", [1, 3])
def test_row_chunking_gives_the_same_losses(n_outputs):
    make, rng = _tiled_problem(n_outputs)
    whole = make()
    thetas = rng.normal(size=(8, whole.layout.n_params))
    # 3000 rows: a 1 KiB budget forces chunks of 1024 rows (the floor) and
    # groups of one candidate.
    with config_context(working_memory=2**-10):
        chunked = make()
    assert whole._chunk == 3000 and whole._group >= 8
    assert (chunked._chunk, chunked._group) == (1024, 1)
    np.testing.assert_allclose(chunked.losses(thetas), whole.losses(thetas), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n_outputs", [1, 3])
@pytest.mark.parametrize("working_memory", [2**-10, 1024])
def test_a_candidate_scores_the_same_alone_or_in_a_population(
    n_outputs, dtype, working_memory
):
    # Exact speculative evaluation rests on this, bit for bit.
    make, rng = _tiled_problem(n_outputs, dtype)
    with config_context(working_memory=working_memory):
        problem = make()
    thetas = rng.normal(size=(33, problem.layout.n_params))
    together = problem.losses(thetas)
    alone = np.concatenate([problem.losses(theta[None]) for theta in thetas])
    np.testing.assert_array_equal(together, alone)
    assert together.dtype == np.float64


def test_float32_problem_computes_in_float32():
    make, rng = _tiled_problem(3, np.float32)
    problem = make()
    theta = rng.normal(size=problem.layout.n_params)
    loss, grad = problem.loss_and_gradient(theta, np.arange(100))
    assert grad.dtype == np.float32
    reference = _tiled_problem(3, np.float64)[0]()
    expected, expected_grad = reference.loss_and_gradient(theta, np.arange(100))
    assert loss == pytest.approx(expected, rel=1e-5)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-3, atol=1e-6)
    assert problem.losses(theta[None])[0] == pytest.approx(
        reference.losses(theta[None])[0], rel=1e-5
    )


def test_init_scale_is_glorot():
    layout = Layout([10, 20, 1])
    scale = init_scale(layout, "relu")
    coefs, intercepts = layout.unpack(scale)
    assert np.all(coefs[0] == np.sqrt(6 / 30))
    assert np.all(intercepts[1] == np.sqrt(6 / 21))
    assert np.all(
        layout.unpack(init_scale(layout, "logistic"))[0][0] == np.sqrt(2 / 30)
    )
