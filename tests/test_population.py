"""The population solvers: a genetic algorithm and a CMA evolution strategy."""

import math
import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import config_context
from sklearn.datasets import make_classification, make_regression
from sklearn.utils._param_validation import InvalidParameterError

from _shared import POPULATION_SOLVERS
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._layout import Layout
from sk_hillclimb._objectives import OBJECTIVES
from sk_hillclimb._problem import TrainingProblem
from sk_hillclimb._solvers import CMAES, SOLVERS, Genetic
from sk_hillclimb._solvers._cmaes import FULL_COVARIANCE_MAX_PARAMS
from sk_hillclimb._solvers._population import default_population_size
from sk_hillclimb._speculative import SearchRounds


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=300, n_features=6, n_informative=4, n_classes=3, random_state=0
    )


def _mlp(solver, **params):
    params = {"max_iter": 30, "tol": None, "random_state": 0, **params}
    return HillClimbMLPClassifier((5,), "tanh", solver=solver, **params)


def _flat(clf):
    coefs, intercepts = clf._get_weights()
    return list(coefs) + list(intercepts)


def _assert_same_fit(a, b):
    for wa, wb in zip(_flat(a), _flat(b)):
        np.testing.assert_array_equal(wa, wb)
    assert a.loss_curve_ == b.loss_curve_


def _solver(name, dim=10, seed=0, step_size=0.5, **hyper):
    return SOLVERS[name](
        np.ones(dim),
        rng=np.random.RandomState(seed),
        init_scale=np.full(dim, 2.0),
        step_size=step_size,
        **hyper,
    )


def _minimise(solver, f, n_generations):
    for _ in range(n_generations):
        candidates = solver.ask()
        solver.tell(candidates, f(candidates))
    return solver


def sphere(thetas):
    return np.einsum("ij,ij->i", thetas, thetas)


def test_the_registry_has_both():
    assert SOLVERS["genetic"] is Genetic and SOLVERS["cmaes"] is CMAES
    params = HillClimbMLPClassifier().get_params()
    assert params["population_size"] is None and params["mutation_rate"] == 0.2


# -- learning -----------------------------------------------------------------


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_both_learn_a_three_class_problem(data, solver):
    X, y = data
    clf = _mlp(solver, max_iter=300).fit(X, y)
    # chance is 1/3; the start scores about that (300 generations: 4,500
    # evaluations of the default population, 15 networks)
    assert clf.score(X, y) >= 0.85
    assert clf.loss_curve_[-1] < 0.6 * clf.loss_curve_[0]


def test_cmaes_solves_a_quadratic_through_the_estimator():
    # A linear regressor under squared error: the loss is a quadratic of
    # the 6 weights, which CMA-ES (full covariance here) solves to the
    # noise floor.
    X, y = make_regression(n_samples=200, n_features=5, noise=0.1, random_state=0)
    reg = HillClimbMLPRegressor(
        (), solver="cmaes", alpha=0.0, max_iter=300, tol=None, random_state=0
    )
    reg.fit(X / 3, y / 100)
    assert reg.score(X / 3, y / 100) > 0.99999
    assert reg.loss_ < 1e-5


def test_cmaes_converges_on_the_sphere_and_sigma_shrinks():
    solver = _minimise(_solver("cmaes", dim=10), sphere, 300)
    assert solver.full
    assert solver.best_loss < 1e-12
    assert solver.sigma < 1e-5


def test_separable_cmaes_converges_on_an_ill_conditioned_ellipsoid():
    # sep-CMA learns the 1e4 spread of curvatures on the diagonal.
    dim = FULL_COVARIANCE_MAX_PARAMS + 1
    weights = np.logspace(0, 4, dim)

    def ellipsoid(thetas):
        return (thetas**2) @ weights

    solver = _minimise(_solver("cmaes", dim=dim), ellipsoid, 2200)
    assert not solver.full and solver.C.shape == (dim,)
    assert solver.best_loss < 1e-6
    # The variances follow the inverse curvatures (1e4 apart).
    ratio = solver.C[0] / solver.C[-1]
    assert 1e3 < ratio < 1e5


def test_two_point_adaptation_grows_sigma_on_a_slope_and_converges():
    # From 300 weights the separable search adapts sigma by two points
    # along the last mean shift: on a linear slope sigma grows fast.
    solver = _minimise(
        _solver("cmaes", dim=400, step_size=0.01), lambda t: t.sum(axis=1), 30
    )
    assert solver.two_point and not solver.full
    assert solver.sigma > 0.05
    sphere_solver = _minimise(_solver("cmaes", dim=400), sphere, 3000)
    assert sphere_solver.best_loss < 1e-8


def test_two_point_samples_are_the_mean_shift_and_its_mirror():
    solver = _minimise(_solver("cmaes", dim=400), sphere, 3)
    candidates = solver.ask()
    shift = solver.sigma * solver.scale * solver.shift
    first, second = candidates[0] - solver.mean, candidates[1] - solver.mean
    np.testing.assert_allclose(first, -second)
    cosine = first @ shift / np.linalg.norm(first) / np.linalg.norm(shift)
    assert cosine == pytest.approx(1.0)


def test_genetic_improves_on_the_sphere():
    solver = _minimise(_solver("genetic", dim=10), sphere, 100)
    assert solver.best_loss < 0.05 * 10


# -- the population and its bookkeeping --------------------------------------


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_a_generation_of_P_costs_P_evaluations(data, solver):
    X, y = data
    clf = _mlp(solver, population_size=7, max_iter=12).fit(X, y)
    # genetic scores its first population, cmaes its starting point
    first = 7 if solver == "genetic" else 1
    assert clf.n_evals_ == first + 12 * 7
    assert clf.n_iter_ == len(clf.loss_curve_) == 12


def test_default_population_sizes(data):
    X, y = data
    n_params = 6 * 5 + 5 + 5 * 3 + 3
    cmaes = _mlp("cmaes", max_iter=3).fit(X, y)
    lam = default_population_size(n_params)
    assert lam == 4 + int(3 * math.log(n_params)) == 15
    assert cmaes.n_evals_ == 1 + 3 * lam
    genetic = _mlp("genetic", max_iter=3).fit(X, y)
    # the same as CMA-ES's: 25 on a 64-16-10 network
    assert default_population_size(64 * 16 + 16 + 16 * 10 + 10) == 25
    assert genetic.n_evals_ == 4 * lam


def test_full_covariance_for_small_networks_diagonal_for_large():
    n = FULL_COVARIANCE_MAX_PARAMS
    small = _solver("cmaes", dim=n)
    large = _solver("cmaes", dim=n + 1)
    assert small.full and small.C.shape == (n, n)
    # O(n) memory: no n x n array anywhere in the large one's state
    assert not large.full
    sizes = [v.size for v in vars(large).values() if isinstance(v, np.ndarray)]
    assert max(sizes) <= n + 1
    # the separable learning rates are (n + 2) / 3 times the full ones'
    n += 1
    assert large.c1 == pytest.approx(2 / ((n + 1.3) ** 2 + large.mueff) * (n + 2) / 3)
    # and 1000 weights take a diagonal, 8 kB where a matrix takes 8 MB
    assert _solver("cmaes", dim=1000).C.nbytes == 8000


def test_cmaes_weights_follow_the_tutorial():
    solver = _solver("cmaes", dim=30)
    lam = solver.population_size
    w = solver.weights
    assert len(w) == lam and np.all(np.diff(w) <= 0)
    assert w[: lam // 2].sum() == pytest.approx(1.0)
    assert np.all(w[: lam // 2] > 0) and np.all(w[lam // 2 + 1 :] < 0)
    # active CMA: by default the negative weights cancel the decay of C
    assert 1 - solver.c1 - solver.cmu * w.sum() == pytest.approx(1.0)


def test_genetic_mutation_is_gaussian_on_a_share_of_the_genes():
    # Parents all equal: a child differs from them by its mutation only.
    dim, rate, step = 400, 0.2, 0.5
    solver = _solver(
        "genetic",
        dim=dim,
        step_size=step,
        mutation_rate=rate,
        step_scale=np.full(dim, 2.0),
    )
    solver.tell(solver.ask(), np.zeros(solver.population_size))
    solver.population = np.zeros_like(solver.population)
    mutation = solver.ask().ravel()
    mutated = mutation[mutation != 0]
    # N(0, (step * step_scale)^2) on a share `rate` of the genes
    assert len(mutated) / len(mutation) == pytest.approx(rate, abs=0.01)
    assert mutated.std() == pytest.approx(step * 2.0, rel=0.03)
    # four standard errors of the mean of len(mutated) draws
    assert abs(mutated.mean()) < 4 * step * 2.0 / np.sqrt(len(mutated))
    assert np.all(np.isfinite(mutated))


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_no_progress_warning_names_the_solvers_own_parameters(solver):
    # A population solver has no step_adaptation to suggest.
    hint = SOLVERS[solver].tuning_hint
    assert "step_adaptation" not in hint
    for word in hint.replace("(", " ").replace(")", " ").split():
        if "_" in word:
            assert word in SOLVERS[solver].hyperparameters


@pytest.mark.parametrize("working_memory", [None, 0.05])
def test_a_population_is_scored_as_its_members_alone(working_memory):
    # losses() writes into buffers it keeps from call to call: a
    # generation's losses are each network's alone, in any order, whether
    # the population takes two groups (the default) or groups of one
    # candidate and chunks of rows (a small working_memory).
    X, y = make_classification(2500, 6, n_informative=4, n_classes=3, random_state=0)
    layout = Layout([6, 5, 3])
    with config_context(working_memory=working_memory or 1024):
        problem = TrainingProblem(layout, X, y, OBJECTIVES["log_loss"], "tanh", 1e-4)
    assert (problem._group, problem._chunk) == (
        (1, 1024) if working_memory else (20, 2500)
    )
    thetas = np.random.default_rng(0).standard_normal((40, layout.n_params))
    together = problem.losses(thetas)
    alone = [problem.losses(theta[None])[0] for theta in thetas[::-1]][::-1]
    np.testing.assert_array_equal(together, alone)
    np.testing.assert_array_equal(problem.losses(thetas), together)


def test_elitism_never_loses_the_best():
    solver = _minimise(_solver("genetic", population_size=8), sphere, 5)
    best, best_loss = solver.result.copy(), solver.best_loss
    for _ in range(20):
        children = solver.ask()
        # every child far worse than anything seen
        solver.tell(children, np.full(len(children), 1e9))
        np.testing.assert_array_equal(solver.population[0], best)
        assert solver.population_losses[0] == best_loss == solver.loss


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_best_loss_curve_never_rises(data, solver):
    X, y = data
    clf = _mlp(solver, max_iter=60).fit(X, y)
    best = np.asarray(clf.best_loss_curve_)
    assert np.all(np.diff(best) <= 0)
    np.testing.assert_array_equal(best, np.minimum.accumulate(clf.loss_curve_))
    if solver == "genetic":
        # elitism: the best member is what the population holds
        assert clf.loss_curve_ == clf.best_loss_curve_
    else:
        # a generation's best candidate can be worse than an earlier one
        assert np.any(np.diff(clf.loss_curve_) > 0)


def test_overflowing_generation_halves_sigma_and_keeps_the_mean():
    solver = _minimise(_solver("cmaes"), sphere, 3)
    mean, sigma = solver.mean, solver.sigma
    candidates = solver.ask()
    solver.tell(candidates, np.full(len(candidates), np.inf))
    np.testing.assert_array_equal(solver.mean, mean)
    assert solver.sigma == sigma / 2


# -- exactness ------------------------------------------------------------------


@pytest.mark.parametrize("name", POPULATION_SOLVERS)
def test_lookahead_is_the_next_generation_bit_for_bit(name):
    solver = _minimise(_solver(name, population_size=6), sphere, 4)
    for _ in range(5):
        plan = solver.lookahead(10)
        assert len(plan) == 1
        candidates = solver.ask()
        assert plan[0].tobytes() == candidates.tobytes()
        # bred or sampled once, for the plan and the round
        assert candidates is plan[0]
        solver.tell(candidates, sphere(candidates))


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
@pytest.mark.parametrize("depth", [1, 8])
def test_speculation_changes_nothing(data, solver, depth, monkeypatch):
    monkeypatch.setattr(SearchRounds, "_decide", lambda self: depth)
    X, y = data
    plain = _mlp(solver, speculative=False).fit(X, y)
    fast = _mlp(solver, speculative=True).fit(X, y)
    _assert_same_fit(plain, fast)
    assert fast.n_evals_discarded_ == 0


def test_streams_are_read_the_same_whatever_the_losses():
    for name in POPULATION_SOLVERS:
        a = _minimise(_solver(name, population_size=6), sphere, 3)
        b = _minimise(_solver(name, population_size=6), sphere, 3)
        candidates = a.ask()
        a.tell(candidates, sphere(candidates))
        b.tell(candidates, -sphere(candidates))
        for stream in ("steps", "masks", "networks"):
            np.testing.assert_array_equal(
                getattr(a, stream).peek(2), getattr(b, stream).peek(2)
            )


# -- warm starts and persistence ---------------------------------------------


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_warm_start_continues_the_search(data, solver):
    # 15 + 15 generations are the 30 of one fit: the population (genetic)
    # or the mean, sigma and covariance (cmaes) travel with the model.
    X, y = data
    warm = _mlp(solver, max_iter=15, warm_start=True).fit(X, y)
    first = warm.n_evals_
    warm = pickle.loads(pickle.dumps(warm)).fit(X, y)
    cold = _mlp(solver, max_iter=30).fit(X, y)
    _assert_same_fit(warm, cold)
    # the warm fit re-scored its start: the population, or the weights
    # (n_evals_ counts the last fit, as n_iter_ does)
    extra = default_population_size(53) if solver == "genetic" else 1
    assert first + warm.n_evals_ == cold.n_evals_ + extra


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_warm_start_from_another_solver_never_ends_worse(data, solver):
    X, y = data
    clf = _mlp("hillclimb", max_iter=300, warm_start=True).fit(X, y)
    start = clf.loss_
    clf.set_params(solver=solver, max_iter=20).fit(X, y)
    assert clf.loss_ <= start
    assert clf.n_iter_ == 20 and len(clf.loss_curve_) == 320


def _arrays_and_builtins(value):
    if isinstance(value, dict):
        return all(_arrays_and_builtins(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_arrays_and_builtins(v) for v in value)
    return isinstance(value, np.ndarray | type(None) | bool | int | float | str)


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_search_state_is_arrays_and_builtins(data, solver):
    X, y = data
    # a separable cmaes with two-point adaptation has the most state
    clf = HillClimbMLPClassifier((60,), solver=solver, max_iter=3, tol=None)
    state = clf.fit(X, y)._search_state["streams"]["search"]
    assert state and _arrays_and_builtins(state)


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_skops_round_trip_and_continue(data, solver):
    sio = pytest.importorskip("skops.io")
    X, y = data
    clf = _mlp(solver, max_iter=5, warm_start=True).fit(X, y)
    dumped = sio.dumps(clf)
    loaded = sio.loads(dumped, trusted=sio.get_untrusted_types(data=dumped))
    assert sio.get_untrusted_types(data=dumped) == [
        "sk_hillclimb._mlp.HillClimbMLPClassifier"
    ]
    for model in (clf, loaded):
        model.fit(X, y)
    _assert_same_fit(loaded, clf)


# -- the features every derivative-free solver has -------------------------------


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_accuracy_objective_and_step_units(data, solver):
    X, y = data
    clf = HillClimbMLPClassifier(
        (8,),
        "step",
        solver=solver,
        objective="accuracy",
        alpha=0.0,
        max_iter=300,
        tol=None,
        random_state=0,
    ).fit(X, y)
    # chance is 1/3; hill climbing reaches 0.66 with its 301 evaluations
    assert clf.score(X, y) >= 0.6
    assert clf.loss_ == pytest.approx(1 - clf.score(X, y))


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_integer_sample_weights_repeat_samples(solver):
    X, y = make_classification(n_samples=60, n_features=4, random_state=0)
    weights = np.arange(60) % 3
    weighted = HillClimbPerceptron(
        solver=solver, max_iter=20, tol=None, random_state=0
    ).fit(X, y, sample_weight=weights)
    repeated = HillClimbPerceptron(
        solver=solver, max_iter=20, tol=None, random_state=0
    ).fit(np.repeat(X, weights, axis=0), np.repeat(y, weights))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-7)


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_class_weight_moves_the_decision(solver):
    X, y = make_classification(
        n_samples=200, n_features=4, weights=[0.8], flip_y=0.2, random_state=0
    )
    params = dict(solver=solver, max_iter=40, tol=None, random_state=0)
    plain = HillClimbPerceptron(**params).fit(X, y)
    balanced = HillClimbPerceptron(class_weight="balanced", **params).fit(X, y)
    assert (balanced.predict(X) == 1).sum() > (plain.predict(X) == 1).sum()


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_early_stopping_keeps_the_best_validated_network(data, solver):
    X, y = data
    clf = _mlp(solver, early_stopping=True, max_iter=40).fit(X, y)
    assert len(clf.validation_scores_) == 40
    assert clf.best_validation_score_ == max(clf.validation_scores_) >= 0.6


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_budgets_stop_after_the_generation_that_reaches_them(data, solver):
    X, y = data
    clf = _mlp(solver, population_size=10, max_iter=10**6, max_evals=95).fit(X, y)
    assert 95 <= clf.n_evals_ < 95 + 10
    clf = _mlp(solver, max_iter=10**6, max_time=1e-9).fit(X, y)
    assert clf.n_iter_ == 1


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_callback_and_interrupt_keep_the_best(data, solver):
    X, y = data
    calls = []
    clf = _mlp(solver, callback=lambda p: calls.append(p) or p.n_iter == 7).fit(X, y)
    assert clf.n_iter_ == 7 and [c.n_iter for c in calls] == list(range(1, 8))
    assert calls[-1].n_evals == clf.n_evals_

    def interrupt(progress):
        if progress.n_iter == 5:
            raise KeyboardInterrupt

    with pytest.warns(UserWarning, match="interrupted"):
        stopped = _mlp(solver, callback=interrupt).fit(X, y)
    reference = _mlp(solver, max_iter=5).fit(X, y)
    _assert_same_fit(stopped, reference)


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_sparse_input_trains_like_dense(data, solver):
    X, y = data
    dense = _mlp(solver).fit(X, y)
    sparse = _mlp(solver).fit(sp.csr_matrix(X), y)
    # Sparse products round differently: the same search up to rounding.
    np.testing.assert_allclose(sparse.loss_curve_, dense.loss_curve_, rtol=1e-6)


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_regressor_and_perceptron(solver):
    X, y = make_regression(n_samples=100, n_features=4, random_state=0)
    reg = HillClimbMLPRegressor(
        (6,), "tanh", solver=solver, max_iter=100, tol=None, random_state=0
    )
    assert reg.fit(X, y / 100).score(X, y / 100) > 0.9
    Xc, yc = make_classification(n_samples=100, n_features=4, random_state=0)
    clf = HillClimbPerceptron(solver=solver, max_iter=50, tol=None, random_state=0)
    assert clf.fit(Xc, yc).score(Xc, yc) > 0.9


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_tol_rule_stops_a_stalled_search(data, solver):
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = _mlp(solver, tol=10.0, n_iter_no_change=50, max_iter=1000).fit(X, y)
    # nothing improves by 10: the first generation sets the reference, the
    # next 51 exceed the patience of 50 generations
    assert clf.n_iter_ == 52


@pytest.mark.parametrize("solver", POPULATION_SOLVERS)
def test_default_patience_is_hansens_tolfun_history(data, solver):
    X, y = data
    clf = _mlp(solver, tol=10.0, max_iter=1000).fit(X, y)
    # 53 weights, population 4 + floor(3 ln 53) = 15: the history of the
    # TolFun criterion is 10 + ceil(30 * 53 / 15) = 116 generations
    assert clf.n_iter_ == 116 + 2


@pytest.mark.parametrize(
    "param, value",
    [
        ("population_size", 1),
        ("population_size", 2.5),
        ("mutation_rate", 0.0),
        ("mutation_rate", 1.5),
    ],
)
def test_invalid_population_parameters_are_named(data, param, value):
    X, y = data
    with pytest.raises(InvalidParameterError, match=param):
        _mlp("genetic", **{param: value}).fit(X, y)
