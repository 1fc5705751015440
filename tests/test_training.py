"""The training loop's pieces: stopping rule, history, warnings' origin."""

import warnings

import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import cross_val_score

from sk_hillclimb import HillClimbMLPClassifier
from sk_hillclimb._training import FitHistory, StoppingRule, StopReason


def _curves(history):
    return {name: getattr(history, name) for name in (*FitHistory.CURVES, "restarts")}


def test_tol_rule_counts_iterations_without_improvement():
    rule = StoppingRule(100, tol=0.1, patience=2)
    history = FitHistory()
    reasons = []
    for loss in [1.0, 0.5, 0.45, 0.44, 0.43]:
        history.record(loss, loss, 1)
        reasons.append(rule.check(loss, history))
    # 0.45, 0.44 and 0.43 improve on 0.5 by less than 0.1: the third stops.
    assert reasons == [None, None, None, None, StopReason.CONVERGED]


def test_evaluation_budget_counts_from_the_start_of_this_fit():
    earlier = FitHistory()
    earlier.record(1.0, 1.0, 50, seconds=2.0)
    history = FitHistory(_curves(earlier))
    rule = StoppingRule(100, max_evals=10)
    history.record(0.9, 0.9, 9, seconds=0.5)
    assert rule.evals_left(history) == 1
    assert rule.check(0.9, history) is None
    history.record(1.2, 0.8, 1, seconds=1.0)
    assert rule.check(0.8, history) is StopReason.MAX_EVALS
    assert (history.n_iter, history.n_evals) == (2, 10)
    # the curves go on from the earlier fit's, counts and seconds included
    assert history.loss_curve == [1.0, 0.9, 1.2]
    assert history.best_loss_curve == [1.0, 0.9, 0.8]
    assert history.n_evals_curve == [50, 59, 60]
    assert history.time_curve == [2.0, 2.5, 3.0]


def test_a_restart_is_marked_on_the_iteration_that_begins_its_run():
    history = FitHistory()
    # the solver decides to restart at the end of iterations 2 and 4
    for loss, restarts in [(3.0, 0), (2.0, 1), (5.0, 1), (4.0, 2), (6.0, 2)]:
        history.record(loss, 2.0, 1, restarts=restarts)
    assert history.restarts == [2, 4] and history.n_restarts == 2
    warm = FitHistory(_curves(history))
    warm.record(1.0, 1.0, 1, restarts=1)  # decided now: its run is not begun
    assert warm.restarts == [2, 4] and warm.n_restarts == 0


def test_only_budgets_are_reasons_to_warn():
    assert {r for r in StopReason if r.is_budget} == {
        StopReason.MAX_ITER,
        StopReason.MAX_EVALS,
        StopReason.MAX_TIME,
    }
    rule = StoppingRule(7, max_evals=3, max_time=1.5)
    assert rule.describe(StopReason.MAX_ITER) == "maximum iterations (7)"
    assert rule.describe(StopReason.MAX_EVALS) == "maximum evaluations (3)"
    assert rule.describe(StopReason.MAX_TIME) == "time budget (1.5 s)"


@pytest.mark.parametrize("through", ["fit", "cross_val_score"])
def test_warnings_point_at_the_users_line(through):
    X, y = make_classification(60, random_state=0)
    clf = HillClimbMLPClassifier(
        (3,), solver="sgd-backprop", batch_size=500, max_iter=2, random_state=0
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if through == "fit":
            clf.fit(X, y)
        else:
            cross_val_score(clf, X, y, cv=2, error_score="raise")
    assert {w.category for w in caught} >= {UserWarning, ConvergenceWarning}
    assert {w.filename for w in caught} == {__file__}
