"""Derivative-free rounds on minibatches (``batch_size`` for search solvers)."""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.metrics import log_loss

from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron
from sk_hillclimb._layout import Layout
from sk_hillclimb._problem import TrainingProblem
from sk_hillclimb._solvers import SOLVERS
from sk_hillclimb._solvers._hillclimb import HillClimb

SEARCH = [n for n, s in SOLVERS.items() if not s.uses_gradient]


@pytest.fixture(scope="module")
def data():
    return make_classification(2000, 8, n_informative=5, random_state=0)


@pytest.mark.parametrize("solver", SEARCH)
def test_every_round_rescores_the_current_point_on_the_candidates_rows(
    solver, data, monkeypatch
):
    X, y = data
    calls = []
    original = TrainingProblem.losses

    def recording(self, thetas):
        losses = original(self, thetas)
        calls.append((self.n_samples, thetas.copy(), losses))
        return losses

    monkeypatch.setattr(TrainingProblem, "losses", recording)
    clf = HillClimbMLPClassifier(
        (4,), solver=solver, batch_size=300, max_iter=20, tol=None, random_state=0
    ).fit(X, y)
    # One call per round (the start included), all on minibatches, each
    # with the current point as its last row.
    assert len(calls) == 21
    assert {n for n, _, _ in calls} <= {300, 2000 % 300}
    assert clf.n_evals_ == sum(len(t) for _, t, _ in calls)
    # What is kept is the point the search stands on after the last round
    # (the current point or a candidate of that round, or a point the
    # round's losses moved to, as the mean of CMA-ES), and the last loss
    # recorded is a loss on that round's rows: the kept point's if it was
    # scored there.
    _, thetas, losses = calls[-1]
    theta = Layout([X.shape[1], 4, 1]).pack(clf.coefs_, clf.intercepts_)
    match = [i for i, row in enumerate(thetas) if np.array_equal(row, theta)]
    assert clf.loss_curve_[-1] in losses
    if match:
        assert clf.loss_curve_[-1] == losses[match[0]]


def test_a_restart_keeps_the_point_the_ended_run_stood_on(data, monkeypatch):
    X, y = data
    calls = []
    original = TrainingProblem.losses

    def recording(self, thetas):
        losses = original(self, thetas)
        calls.append((thetas.copy(), losses))
        return losses

    monkeypatch.setattr(TrainingProblem, "losses", recording)
    clf = HillClimbMLPClassifier(
        (8,),
        batch_size=500,
        max_iter=600,
        tol=None,
        restart_patience=20,
        random_state=1,
    ).fit(X, y)
    # A candidate and the current point each round until the first
    # restart; from then on the point the last ended run stood on as well.
    sizes = [len(thetas) for thetas, _ in calls]
    first = sizes.index(3)
    assert first > 1
    assert set(sizes[:first]) == {2} and set(sizes[first:]) == {3}
    assert clf.n_evals_ == sum(sizes)
    # Kept: whichever of the current point and the ended run's point had
    # the lower loss on the last batch.
    thetas, losses = calls[-1]
    kept = 2 if losses[2] < losses[1] else 1
    theta = Layout([X.shape[1], 8, 1]).pack(clf.coefs_, clf.intercepts_)
    np.testing.assert_array_equal(theta, thetas[kept])
    assert clf.loss_curve_[-1] == losses[kept]
    # Keeping the current point alone ended this fit on a run of a few
    # rounds from fresh weights, at 0.53 training accuracy (full batch:
    # 0.90).
    assert clf.score(X, y) > 0.88


def test_minibatches_visit_every_row_once_per_pass(data, monkeypatch):
    X, y = data
    seen = []
    original = TrainingProblem.subset

    def recording(self, rows, weighted=True):
        sub = original(self, rows, weighted)
        if isinstance(rows, slice):
            seen.append(sub.X)
        return sub

    monkeypatch.setattr(TrainingProblem, "subset", recording)
    HillClimbMLPClassifier(
        (4,), batch_size=500, max_iter=7, tol=None, random_state=0
    ).fit(X, y)
    first_pass = np.concatenate(seen[:4])  # 4 batches of 500 rows
    assert first_pass.shape == X.shape
    assert sorted(map(tuple, first_pass)) == sorted(map(tuple, X))


@pytest.mark.parametrize(
    "solver, max_iter",
    [("hillclimb", 400), ("anneal", 400), ("genetic", 100), ("cmaes", 100)],
)
def test_minibatch_search_learns_nearly_as_well_as_full_batch(solver, max_iter, data):
    X, y = data
    params = dict(solver=solver, max_iter=max_iter, tol=None, random_state=0)
    full = HillClimbMLPClassifier((8,), **params).fit(X, y)
    mini = HillClimbMLPClassifier((8,), batch_size=500, **params).fit(X, y)
    assert mini.score(X, y) > 0.8
    assert mini.score(X, y) > full.score(X, y) - 0.05


def test_a_larger_batch_climbs_closer_to_the_full_batch(data):
    # The batch sets the noise of every paired comparison, and so the share
    # of wrong decisions along the whole climb (see the user guide, "How
    # large a batch"): after the same rounds, the smaller the batch the
    # higher the training loss. 50 rows: 1.99, 200: 0.436, 1000: 0.344,
    # all 2000 rows: 0.343.
    X, y = data
    params = dict(max_iter=400, tol=None, random_state=0)
    losses = {}
    for batch_size in (50, 200, 1000, "auto"):
        clf = HillClimbMLPClassifier((8,), batch_size=batch_size, **params)
        clf.fit(X, y)
        losses[batch_size] = log_loss(y, clf.predict_proba(X))
    assert losses[50] > 1.5 * losses[200] > 1.5 * losses["auto"]
    assert losses[200] > losses[1000] + 0.05
    assert losses[1000] == pytest.approx(losses["auto"], abs=0.01)


def test_minibatch_fits_are_reproducible_and_warm_starts_go_on(data):
    X, y = data
    params = dict(batch_size=256, max_iter=30, tol=None, random_state=3)
    a = HillClimbPerceptron(**params).fit(X, y)
    b = HillClimbPerceptron(**params).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert a.loss_curve_ == b.loss_curve_
    a.set_params(warm_start=True).fit(X, y)
    assert len(a.loss_curve_) == 60 and a.n_iter_ == 30


def test_a_rescored_current_point_moves_the_restart_reference_with_it():
    # The restart rule counts the progress since its reference loss: on a
    # new batch the current point's loss changes by the batch's luck, and
    # the reference with it, so that only moves compared on the same rows
    # count as progress.
    solver = HillClimb(
        np.zeros(3),
        rng=np.random.RandomState(0),
        init_scale=np.ones(3),
        step_size=0.1,
        restart_patience=5,
    )
    solver.tell(solver.ask(), np.array([1.0]))
    solver.tell(solver.ask(), np.array([0.9]))  # progress: reference 0.9
    assert (solver.reference, solver.stalled) == (0.9, 0)
    solver.rescore(1.2)  # a harder batch
    assert solver.reference == pytest.approx(1.2)
    solver.tell(solver.ask(), np.array([1.15]))  # better on the same rows
    assert solver.stalled == 0
    solver.rescore(0.7)  # an easier one: no progress by luck
    solver.tell(solver.ask(), np.array([0.8]))
    assert solver.stalled == 1 and solver.run_loss == 0.7
