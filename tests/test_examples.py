"""The gallery: every example runs and draws its figures; the dask search;
the API reference lists every public name."""

import doctest
import re
import runpy
import warnings
from pathlib import Path

import numpy as np
import pytest

import sk_hillclimb
import sk_hillclimb.datasets
from _shared import GRADIENT_SOLVERS, SEARCH_SOLVERS

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("plot_*.py"))


def test_gallery_has_the_examples_of_the_issue():
    names = {path.stem for path in EXAMPLES}
    assert names >= {
        "plot_tutorial_hill_climbing",
        "plot_random_search_vs_hill_climbing",
        "plot_digits_grid_search",
        "plot_solver_comparison",
        "plot_step_network",
        "plot_dask_grid_search",
    }
    assert (ROOT / "examples" / "README.txt").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_and_writes_its_figures(path, tmp_path, monkeypatch):
    source = path.read_text()
    if "dask_ml" in source:
        # optional, and not importable with numpy 1.x (make test-oldest)
        pytest.importorskip("dask_ml.wrappers", exc_type=ImportError)
    # sphinx-gallery needs a title block: a docstring whose first text line
    # is underlined with "="
    assert re.match(r'"""\n=+\n.+\n=+\n', source), "no gallery title"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)
    plt.close("all")
    try:
        runpy.run_path(str(path), run_name="__main__")
        numbers = plt.get_fignums()
        assert numbers, f"{path.name} drew no figure"
        for number in numbers:
            out = tmp_path / f"{path.stem}_{number:03d}.png"
            plt.figure(number).savefig(out)
            assert out.stat().st_size > 10_000  # a real picture, not a blank
    finally:
        plt.close("all")


def test_dask_grid_search_matches_n_jobs_1():
    pytest.importorskip("distributed")
    import joblib
    from dask.distributed import Client, LocalCluster
    from sklearn.datasets import make_classification
    from sklearn.model_selection import GridSearchCV

    from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron

    X, y = make_classification(n_samples=300, n_features=5, random_state=0)
    grid = [
        {
            "solver": SEARCH_SOLVERS,
            "step_size": [0.05, 0.2],
            "hidden_layer_sizes": [(4,), (8,)],
        },
        {"solver": GRADIENT_SOLVERS, "learning_rate_init": [0.01, 0.1]},
    ]

    def search(n_jobs):
        estimator = HillClimbMLPClassifier(max_iter=100, tol=None, random_state=0)
        return GridSearchCV(estimator, grid, cv=3, n_jobs=n_jobs)

    def perceptron_search(n_jobs):
        estimator = HillClimbPerceptron(max_iter=100, tol=None, random_state=0)
        return GridSearchCV(estimator, {"step_size": [0.01, 0.1]}, cv=3, n_jobs=n_jobs)

    serial = search(n_jobs=1).fit(X, y)
    perceptron_serial = perceptron_search(n_jobs=1).fit(X, y)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster),
        joblib.parallel_backend("dask"),
    ):
        distributed = search(n_jobs=-1).fit(X, y)
        perceptron_distributed = perceptron_search(n_jobs=-1).fit(X, y)

    for a, b in [(serial, distributed), (perceptron_serial, perceptron_distributed)]:
        assert b.best_params_ == a.best_params_
        assert b.cv_results_["params"] == a.cv_results_["params"]
        keys = [k for k in a.cv_results_ if k.endswith("test_score")]
        assert len(keys) == 3 + 3  # 3 splits, mean, std, rank
        for key in keys:
            np.testing.assert_array_equal(b.cv_results_[key], a.cv_results_[key])
    # the grid is not degenerate: the candidates really differ
    assert np.unique(serial.cv_results_["mean_test_score"]).size > 3
    assert serial.best_score_ > 0.8


def _documented_names():
    text = (ROOT / "docs" / "api.rst").read_text()
    return set(re.findall(r"^\s+([A-Za-z_][\w.]*)\s*$", text, flags=re.MULTILINE))


def test_api_reference_lists_every_public_name():
    documented = _documented_names()
    public = {name for name in sk_hillclimb.__all__ if not name.startswith("__")}
    assert public - documented == set(), "add these to docs/api.rst"
    datasets = {f"datasets.{name}" for name in sk_hillclimb.datasets.__all__}
    assert datasets - documented == set(), "add these to docs/api.rst"


def _demo_rows(text):
    # Every column but the seconds, which vary from run to run.
    rows = [line.split() for line in text.splitlines()]
    return [row[:-1] for row in rows if len(row) == 7 and row[-2].isdigit()]


def test_quickstart_shows_what_the_demo_prints(capsys):
    # The page's table of `sk-hillclimb --quiet` is that run's output: a
    # change to a solver's trajectory must come with the page's new rows.
    from sk_hillclimb._demo import main

    assert main(["--quiet", "--no-plot"]) == 0
    printed = _demo_rows(capsys.readouterr().out)
    page = (ROOT / "docs" / "quickstart.rst").read_text()
    shown = _demo_rows(page.split("$ sk-hillclimb --quiet", 1)[1])
    assert len(printed) == 42
    assert shown == printed


def test_quickstart_code_runs():
    # the >>> examples of docs/quickstart.rst, as doctests, without a
    # warning (a ConvergenceWarning would be printed to a reader)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = doctest.testfile(
            str(ROOT / "docs" / "quickstart.rst"),
            module_relative=False,
            optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        )
    assert result.attempted > 20 and result.failed == 0
