"""TrainingCurveDisplay: what it draws, where, in which colour, and its errors."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import NotFittedError
from sklearn.neural_network import MLPClassifier

from sk_hillclimb import HillClimbMLPClassifier, TrainingCurveDisplay

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
X, Y = make_classification(n_samples=100, n_features=5, random_state=0)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _fit(solver="hillclimb", **params):
    """A small seeded fit, with every curve attribute the display reads."""
    est = HillClimbMLPClassifier(
        (5,), solver=solver, max_iter=60, random_state=0, **params
    ).fit(X, Y)
    return est


@pytest.mark.parametrize(
    "x, attr, label",
    [
        ("iterations", None, "Iterations"),
        ("evaluations", "n_evals_curve_", "Objective evaluations"),
        ("seconds", "time_curve_", "Seconds since the start of training"),
    ],
)
def test_x_data_is_the_named_curve(x, attr, label):
    est = _fit("genetic")
    disp = TrainingCurveDisplay.from_estimator(est, x=x)
    n = len(est.loss_curve_)
    expected = np.arange(1, n + 1) if attr is None else getattr(est, attr)
    np.testing.assert_array_equal(disp.line_.get_xdata(), expected)
    assert disp.ax_.get_xlabel() == label
    assert disp.ax_.get_ylabel() == "Training loss (log_loss)"
    assert disp.figure_ is disp.ax_.figure


def test_x_is_read_from_the_estimator_not_counted():
    # The fitted curves may coincide with 1..n (as the stand-ins of _fit
    # do for the evaluations): distinct values show which one is drawn.
    est = _fit()
    n = len(est.loss_curve_)
    est.n_evals_curve_ = (27 * np.arange(1, n + 1)).tolist()
    est.time_curve_ = np.geomspace(1e-3, 0.5, n).tolist()
    for x, attr in [("evaluations", "n_evals_curve_"), ("seconds", "time_curve_")]:
        disp = TrainingCurveDisplay.from_estimator(est, x=x, kind="current")
        np.testing.assert_array_equal(disp.line_.get_xdata(), getattr(est, attr))


def test_kind_current_and_best_draw_one_curve_each():
    est = _fit("anneal")
    current = TrainingCurveDisplay.from_estimator(est, kind="current")
    np.testing.assert_array_equal(current.line_.get_ydata(), est.loss_curve_)
    assert current.best_line_ is None
    assert current.line_.get_label() == "anneal"

    best = TrainingCurveDisplay.from_estimator(est, kind="best")
    np.testing.assert_array_equal(best.best_line_.get_ydata(), est.best_loss_curve_)
    assert best.line_ is None
    assert best.best_line_.get_label() == "anneal (best)"
    assert best.best_line_.get_linestyle() == "--"


def test_both_draws_current_solid_and_best_dashed_in_one_colour():
    # An annealing run: the current loss goes up on an uphill move.
    loss = [0.9, 0.7, 0.75, 0.6, 0.65, 0.5]
    best = np.minimum.accumulate(loss)
    disp = TrainingCurveDisplay(
        x=np.arange(1, 7), loss=loss, best_loss=best, name="anneal"
    ).plot()
    assert len(disp.ax_.get_lines()) == 2
    np.testing.assert_array_equal(disp.line_.get_ydata(), loss)
    np.testing.assert_array_equal(disp.best_line_.get_ydata(), best)
    assert disp.line_.get_color() == disp.best_line_.get_color()
    assert disp.line_.get_linestyle() == "-"
    assert disp.best_line_.get_linestyle() == "--"
    legend = [t.get_text() for t in disp.ax_.get_legend().get_texts()]
    assert legend == ["anneal", "anneal (best)"]


def test_both_draws_one_line_when_the_curves_are_equal():
    est = _fit("random")
    est.best_loss_curve_ = list(est.loss_curve_)
    disp = TrainingCurveDisplay.from_estimator(est, x="evaluations")
    assert disp.best_line_ is None
    assert disp.ax_.get_lines() == [disp.line_]
    assert disp.line_.get_label() == "random"


def test_both_follows_the_fitted_curves():
    # Whatever the solver records, "both" draws the best line exactly when
    # it differs from the current one.
    for solver in ["hillclimb", "anneal", "adam"]:
        est = _fit(solver)
        disp = TrainingCurveDisplay.from_estimator(est)
        same = np.array_equal(est.loss_curve_, est.best_loss_curve_)
        assert (disp.best_line_ is None) == same
        plt.close("all")


@pytest.mark.parametrize("x", ["iterations", "seconds"])
def test_restarts_are_dotted_vertical_lines_at_their_x(x):
    est = _fit("hillclimb", restart_patience=5)
    est.restarts_ = [3, 7]
    disp = TrainingCurveDisplay.from_estimator(est, x=x)
    n = len(est.loss_curve_)
    xs = np.arange(1, n + 1) if x == "iterations" else np.asarray(est.time_curve_)
    assert len(disp.restart_lines_) == 2
    for line, index in zip(disp.restart_lines_, est.restarts_):
        np.testing.assert_array_equal(line.get_xdata(), [xs[index], xs[index]])
        assert line.get_color() == disp.line_.get_color()
        assert line.get_linestyle() == ":"
        assert line.get_alpha() < 1
    # the marks stay out of the legend
    legend = [t.get_text() for t in disp.ax_.get_legend().get_texts()]
    assert all(text.startswith("hillclimb") for text in legend)


def test_no_restarts_no_marks():
    disp = TrainingCurveDisplay.from_estimator(_fit())
    assert disp.restart_lines_ == []
    assert disp.ax_.get_lines() == [
        line for line in (disp.line_, disp.best_line_) if line is not None
    ]


def test_second_estimator_on_the_same_axes_takes_the_next_colour():
    first = TrainingCurveDisplay.from_estimator(_fit("hillclimb"))
    second = TrainingCurveDisplay.from_estimator(_fit("anneal"), ax=first.ax_)
    assert second.ax_ is first.ax_
    assert second.line_.get_color() != first.line_.get_color()
    labels = [t.get_text() for t in first.ax_.get_legend().get_texts()]
    assert labels[0] == "hillclimb" and "anneal" in labels


def _legend_labels(displays):
    """The labels the displays' lines put in the legend, in drawing order."""
    labels = []
    for disp in displays:
        for line in (disp.line_, disp.best_line_):
            if line is not None:
                labels.append(line.get_label())
    return labels


def test_from_estimators_dict_one_axes_distinct_colours_and_a_legend():
    fits = {
        "hill climbing": _fit("hillclimb"),
        "annealing": _fit("anneal"),
        "genetic": _fit("genetic"),
    }
    displays = TrainingCurveDisplay.from_estimators(fits, x="evaluations")
    assert len(displays) == 3
    ax = displays[0].ax_
    assert all(disp.ax_ is ax for disp in displays)
    colours = [disp.line_.get_color() for disp in displays]
    assert len(set(colours)) == 3
    for disp, (name, est) in zip(displays, fits.items()):
        assert disp.line_.get_label() == name
        np.testing.assert_array_equal(disp.line_.get_xdata(), est.n_evals_curve_)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == _legend_labels(displays)
    assert 3 <= len(legend) <= 6
    assert set(legend) >= set(fits)


def test_from_estimators_list_is_named_by_solver():
    fits = [_fit("hillclimb"), _fit("adam")]
    displays = TrainingCurveDisplay.from_estimators(fits, kind="current")
    assert [disp.line_.get_label() for disp in displays] == ["hillclimb", "adam"]
    legend = [t.get_text() for t in displays[0].ax_.get_legend().get_texts()]
    assert legend == ["hillclimb", "adam"]


def test_from_estimators_checks_every_estimator_before_drawing():
    unfitted = HillClimbMLPClassifier()
    with pytest.raises(NotFittedError):
        TrainingCurveDisplay.from_estimators([_fit(), unfitted])
    assert plt.get_fignums() == []
    with pytest.raises(ValueError, match="at least one estimator"):
        TrainingCurveDisplay.from_estimators({})


@pytest.mark.parametrize("method", ["from_estimator", "from_estimators"])
def test_bad_x_or_kind_names_the_parameter(method):
    est = _fit()
    target = est if method == "from_estimator" else [est]
    call = getattr(TrainingCurveDisplay, method)
    with pytest.raises(ValueError, match=r"'x'.*'iterations', 'evaluations'"):
        call(target, x="epochs")
    with pytest.raises(ValueError, match=r"'kind'.*'current', 'best', 'both'"):
        call(target, kind="all")
    assert plt.get_fignums() == []


def test_plot_rejects_a_bad_kind_and_best_without_best_loss():
    disp = TrainingCurveDisplay(x=[1, 2, 3], loss=[3.0, 2.0, 1.0])
    with pytest.raises(ValueError, match=r"'kind' parameter of .*\.plot"):
        disp.plot(kind="worst")
    with pytest.raises(ValueError, match="best_loss is None"):
        disp.plot(kind="best")


def test_constructor_data_is_checked_when_plotting():
    with pytest.raises(ValueError, match="one value per iteration"):
        TrainingCurveDisplay(x=[1, 2], loss=[3.0, 2.0, 1.0]).plot()
    with pytest.raises(ValueError, match="one value per iteration"):
        TrainingCurveDisplay(x=[1, 2, 3], loss=[3.0, 2.0, 1.0], best_loss=[1]).plot()
    with pytest.raises(ValueError, match="restarts must be indices"):
        TrainingCurveDisplay(x=[1, 2, 3], loss=[3.0, 2.0, 1.0], restarts=[3]).plot()


def test_unfitted_estimator_raises_not_fitted_error():
    with pytest.raises(NotFittedError):
        TrainingCurveDisplay.from_estimator(HillClimbMLPClassifier())


def test_missing_curve_attribute_is_named():
    # scikit-learn's MLPClassifier records loss_curve_ and nothing else.
    mlp = MLPClassifier((5,), max_iter=20, random_state=0).fit(X, Y)
    with pytest.raises(AttributeError, match="'best_loss_curve_'.*kind='both'"):
        TrainingCurveDisplay.from_estimator(mlp)
    with pytest.raises(AttributeError, match="'n_evals_curve_'.*x='evaluations'"):
        TrainingCurveDisplay.from_estimator(mlp, x="evaluations", kind="current")
    disp = TrainingCurveDisplay.from_estimator(mlp, kind="current")
    np.testing.assert_array_equal(disp.line_.get_ydata(), mlp.loss_curve_)
    assert disp.line_.get_label() == "adam"
    assert disp.restart_lines_ == []


def test_monitored_score_from_the_constructor():
    clf = HillClimbMLPClassifier((5,), solver="adam", random_state=0)
    scores = [clf.partial_fit(X, Y, classes=[0, 1]).score(X, Y) for _ in range(5)]
    disp = TrainingCurveDisplay(
        x=np.arange(1, 6), loss=scores, y_label="Train accuracy", name="adam"
    ).plot()
    np.testing.assert_array_equal(disp.line_.get_ydata(), scores)
    assert disp.best_line_ is None
    assert disp.ax_.get_ylabel() == "Train accuracy"
    assert disp.ax_.get_xlabel() == "Iterations"


def test_kwargs_override_the_defaults_aliases_included():
    est = _fit()
    est.best_loss_curve_ = (np.asarray(est.loss_curve_) - 0.01).tolist()
    est.restarts_ = [2]
    disp = TrainingCurveDisplay.from_estimator(
        est,
        name="mine",
        line_kwargs={"c": "k", "lw": 3},
        best_line_kwargs={"ls": "-."},
        restart_kwargs={"alpha": 0.9},
    )
    assert disp.line_.get_color() == "k" and disp.line_.get_linewidth() == 3
    assert disp.best_line_.get_linestyle() == "-."
    assert disp.best_line_.get_color() == "k"
    assert disp.best_line_.get_label() == "mine (best)"
    assert disp.restart_lines_[0].get_alpha() == 0.9


def test_no_name_no_legend():
    disp = TrainingCurveDisplay(x=[1, 2], loss=[2.0, 1.0]).plot()
    assert disp.ax_.get_legend() is None


def test_missing_matplotlib_raises_import_error_naming_the_display(monkeypatch):
    est = _fit()
    # None in sys.modules makes "import matplotlib" raise ImportError.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match="TrainingCurveDisplay.from_estimator"):
        TrainingCurveDisplay.from_estimator(est)
    with pytest.raises(ImportError, match="TrainingCurveDisplay.from_estimators"):
        TrainingCurveDisplay.from_estimators([est])
    disp = TrainingCurveDisplay(x=[1], loss=[1.0])
    with pytest.raises(ImportError, match="TrainingCurveDisplay.plot requires"):
        disp.plot()


def test_importing_the_package_does_not_import_matplotlib():
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import sk_hillclimb; "
        "assert sk_hillclimb.__file__.startswith(sys.argv[1]), sk_hillclimb.__file__; "
        "assert 'matplotlib' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code, str(ROOT)], check=True)
