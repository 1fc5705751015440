"""The benchmark figures, drawn from the saved results.

Every figure is drawn from the JSON files that ``benchmarks/run.py`` and
``benchmarks/defaults.py`` save in ``benchmarks/results/`` (committed, so
that the documentation is built from them), never from numbers typed by
hand. ``draw_all(out_dir)`` draws every figure whose results are saved;
the scripts call it after a run and the documentation calls it when it
is built (``docs/_ext/bench_figures.py``). Figures are saved at 200 dpi,
5.6 inches wide: 1120 pixels, shown at 560 CSS pixels or less, so twice
the screen's resolution. matplotlib is imported only when a figure is drawn.

The solvers and whether they use a gradient come from the results and the
registry ``SOLVERS``, never from a list written here.
"""

import json
from pathlib import Path

import numpy as np

from sk_hillclimb._solvers import SOLVERS

RESULTS = Path(__file__).resolve().parent / "results"
#: Resolution and width of every figure (inches): 1120 pixels, shown at
#: 560 CSS pixels (``report.FIGURE_WIDTH``), twice the screen's resolution;
#: on a 400-pixel phone (a 352-pixel column) the smallest text, 11.5 pt,
#: is still 10 CSS pixels.
DPI = 200
WIDTH = 5.6
#: Font sizes (points): ticks, axis labels and legend, titles.
SMALL, MEDIUM, LARGE = 11.5, 12, 13
#: Derivative-free solvers in warm colours, gradient solvers in blues, so
#: that the two families read apart before any legend is read.
SEARCH_COLOURS = ["#d95f02", "#e7298a", "#a6761d", "#e6ab02", "#7f2704", "#fb9a99"]
GRADIENT_COLOURS = ["#1f78b4", "#33a6cc", "#08306b", "#6baed6"]
MARKERS = "osD^vP<>X"
REFERENCE = dict(color="black", marker="*", markersize=12, linestyle="none")
#: Behind a label that a grid line or bar would cross.
WHITE_BOX = dict(facecolor="white", edgecolor="none", pad=0.6, alpha=0.85)


def load(name, directory=RESULTS):
    """The saved results ``name`` (``"defaults"``, ``"results"``, ...).

    Parameters
    ----------
    name : str
        The file's stem in ``directory``.
    directory : path-like, default=``benchmarks/results``
        Where the scripts saved it.

    Returns
    -------
    dict or None
        ``{"command", "date", "rows", ...}``; ``None`` when the file does
        not exist. A defaults panel saved as a bare list of fits becomes
        ``{"rows": fits}``.
    """
    path = Path(directory) / f"{name}.json"
    if not path.exists():
        return None
    saved = json.loads(path.read_text())
    return saved if isinstance(saved, dict) else {"rows": saved}


def data_label(data):
    """A data set's name as the figures and the page print it."""
    return data.replace("R^2", "R²")


def uses_gradient(solver):
    """Whether the registry's ``solver`` trains by backpropagation."""
    return bool(SOLVERS[solver].uses_gradient)


def in_order(values):
    """The distinct ``values`` in the order they first appear."""
    return list(dict.fromkeys(values))


def group_means(rows):
    """Mean over seeds of each (data set, estimator, solver) of the panel.

    Parameters
    ----------
    rows : list of dict
        The fits saved by ``benchmarks/defaults.py``.

    Returns
    -------
    dict
        ``(data, estimator, solver) -> dict`` of the means of ``score``,
        ``seconds``, ``ratio``, ``reference_score``, ``reference_seconds``,
        ``n_evals`` and ``n_evals_discarded``, the lowest and highest
        score over the seeds (``score_min``, ``score_max``), the seeds,
        and the ``reference`` and ``baseline`` of the group.
    """
    groups = {}
    for row in rows:
        key = row["data"], row["estimator"], row["solver"]
        groups.setdefault(key, []).append(row)
    means = {}
    for key, group in groups.items():
        mean = {
            name: float(np.mean([r[name] for r in group]))
            for name in (
                "score",
                "seconds",
                "ratio",
                "reference_score",
                "reference_seconds",
                "n_evals",
                "n_evals_discarded",
            )
            if name in group[0]
        }
        scores = [r["score"] for r in group]
        mean.update(
            score_min=min(scores),
            score_max=max(scores),
            seeds=[r.get("seed") for r in group],
            reference=group[0]["reference"],
            baseline=group[0]["baseline"],
        )
        means[key] = mean
    return means


def reference_means(rows):
    """scikit-learn's default fit of each (data set, estimator): its mean
    score and seconds over every fit it was paired with."""
    groups = {}
    for row in rows:
        groups.setdefault((row["data"], row["estimator"]), []).append(row)
    return {
        key: {
            "name": group[0]["reference"],
            "score": float(np.mean([r["reference_score"] for r in group])),
            "seconds": float(np.mean([r["reference_seconds"] for r in group])),
        }
        for key, group in groups.items()
    }


def solver_styles(solvers):
    """Colour and marker of each solver: warm for derivative-free, blue for
    backprop, in the order given."""
    styles, counts = {}, {True: 0, False: 0}
    for solver in solvers:
        gradient = uses_gradient(solver)
        colours = GRADIENT_COLOURS if gradient else SEARCH_COLOURS
        i = counts[gradient]
        counts[gradient] += 1
        marker = MARKERS[(i + (2 if gradient else 0)) % len(MARKERS)]
        styles[solver] = dict(color=colours[i % len(colours)], marker=marker)
    return styles


def log_axis(axis, values=()):
    """A log scale labelled in plain numbers: 0.1, 0.2, 0.5, 1, 2, 5 ...,
    or only the powers of ten when ``values`` span more than 50 times
    (so that the labels do not run into each other)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    values = list(values)
    wide = bool(values) and max(values) > 50 * min(values)
    getattr(axis.axes, f"set_{axis.axis_name}scale")("log")
    axis.set_major_locator(LogLocator(subs=(1.0,) if wide else (1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(plain_number))
    axis.set_minor_formatter(NullFormatter())


def plain_number(x, _=None):
    """``0.05``, ``2``, ``100,000``: a tick label without exponents."""
    return f"{x:,.0f}" if x >= 1000 else f"{x:g}"


def new_figure(height, **subplots):
    """A matplotlib figure (no pyplot state) and its grid of axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    return fig, fig.subplots(**subplots, squeeze=False)


def score_time_panels(defaults, path, estimators, title):
    """One panel per data set: score against fit seconds (log), one mark
    per solver (its range over the seeds as a bar), scikit-learn's default
    as a black star and a dashed line at its score.

    Parameters
    ----------
    defaults : dict
        The saved defaults panel (``load("defaults")``).
    path : path-like
        Where the PNG goes.
    estimators : collection of str
        The class names whose fits are drawn (one estimator per data set).
    title : str
        The figure's title.
    """
    rows = [r for r in defaults["rows"] if r["estimator"] in estimators]
    means, references = group_means(rows), reference_means(rows)
    data_sets = in_order(r["data"] for r in rows)
    solvers = in_order(r["solver"] for r in rows)
    styles = solver_styles(solvers)
    nrows = -(-len(data_sets) // 2)
    fig, axes = new_figure(2.4 * nrows + 1.9, nrows=nrows, ncols=2)
    for ax, data in zip(axes.flat, data_sets):
        ref = next(v for (d, _), v in references.items() if d == data)
        mine = {s: m for (d, _, s), m in means.items() if d == data}
        score_time_panel(ax, data_label(data), mine, ref, styles)
    for ax in axes.flat[len(data_sets) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("fit seconds (log scale)", fontsize=MEDIUM)
    for ax in axes[:, 0]:
        ax.set_ylabel("score", fontsize=MEDIUM)
    legend_for(fig, solvers, styles, references)
    fig.suptitle(title, fontsize=LARGE)
    fig.savefig(path)


def score_time_panel(ax, title, means, reference, styles):
    """One data set: each solver's mean score against its mean seconds
    (a bar over the seeds' range), the reference, the majority class."""
    for solver, m in means.items():
        low, high = m["score"] - m["score_min"], m["score_max"] - m["score"]
        ax.errorbar(
            m["seconds"],
            m["score"],
            yerr=[[low], [high]],
            markersize=7,
            linestyle="none",
            **styles[solver],
        )
    ax.axhline(reference["score"], color="black", linestyle="--", linewidth=0.8)
    ax.plot(reference["seconds"], reference["score"], **REFERENCE)
    baseline = next(iter(means.values()))["baseline"]
    ax.axhline(baseline, color="0.6", linestyle=":", linewidth=0.8)
    times = [m["seconds"] for m in means.values()]
    log_axis(ax.xaxis, [*times, reference["seconds"]])
    ax.set_title(title, fontsize=LARGE)
    ax.tick_params(labelsize=SMALL)
    ax.grid(True, which="major", color="0.9")


def legend_for(fig, solvers, styles, references):
    """One legend under the panels in two columns: the derivative-free
    solvers; the backprop solvers, scikit-learn's default and the
    majority-class line. Each column is headed by its family."""
    from matplotlib.lines import Line2D

    blank = Line2D([], [], linestyle="none")
    columns = []
    for gradient, head in ((False, "derivative-free:"), (True, "backprop:")):
        names = [s for s in solvers if uses_gradient(s) == gradient]
        column = [(blank, head)]
        column += [(Line2D([], [], linestyle="none", **styles[s]), s) for s in names]
        columns.append(column)
    columns[1] += [
        (Line2D([], [], **{**REFERENCE, "linestyle": "--"}), "scikit-learn's default"),
        (Line2D([], [], color="0.6", linestyle=":"), "majority class (R²: 0)"),
    ]
    rows = max(map(len, columns))
    entries = [e for c in columns for e in c + [(blank, "")] * (rows - len(c))]
    fig.legend(
        [h for h, _ in entries],
        [label for _, label in entries],
        loc="outside lower center",
        ncols=2,
        fontsize=SMALL,
        frameon=False,
    )


def cases_figure(results, path):
    """Every comparison of the benchmark cases: its time ratio ours /
    reference (median over pairs, log scale); below 1, ours is faster.
    Each bar is labelled above it, across the figure's width, so that the
    labels need no column of their own.

    Parameters
    ----------
    results : dict
        The saved cases (``load("results")``).
    path : path-like
        Where the PNG goes.
    """
    paired = [r for r in results["rows"] if r.get("ratio") is not None]
    fig, axes = new_figure(0.5 * len(paired) + 0.8, nrows=1, ncols=1)
    ax = axes[0, 0]
    ratios = [r["ratio"] for r in paired]
    ax.barh(range(len(paired)), ratios, color="#1f78b4", height=0.36)
    ax.set_axisbelow(True)
    ax.set_yticks([])
    ax.set_ylim(len(paired) - 0.6, -1.0)
    ax.axvline(1.0, color="black", linewidth=0.8)
    log_axis(ax.xaxis)
    low, high = min(ratios) / 1.6, max(ratios) * 2.0
    ax.set_xlim(low, high)
    ax.set_xlabel("time of ours / time of the reference (log scale)", fontsize=MEDIUM)
    ax.tick_params(axis="x", labelsize=SMALL)
    ax.grid(True, axis="x", which="major", color="0.9")
    for y, row in enumerate(paired):
        reference = row["reference"].split(",")[0]
        ax.text(
            low * 1.03,
            y - 0.26,
            f"{row['case']} vs {reference}",
            fontsize=SMALL - 1,
            va="bottom",
            bbox=WHITE_BOX,
        )
        ax.annotate(
            f"{row['ratio']:.3f}",
            (row["ratio"], y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=SMALL - 1,
            bbox=WHITE_BOX,
        )
    fig.savefig(path)


def scale_figure(results, path):
    """Case 4: seconds per iteration and peak memory against rows."""
    rows = [r for r in results["rows"] if r["case"].startswith("4 ")]
    fig, axes = new_figure(3.0, nrows=1, ncols=1)
    ax = axes[0, 0]
    for dtype, style in (("float64", "o-"), ("float32", "s")):
        points = [
            (int(r["case"].split()[2].replace(",", "")), r["ours_s"] * 1e3)
            for r in rows
            if r["case"].endswith(dtype)
        ]
        if points:
            ax.plot(*zip(*points), style, label=f"X in {dtype}")
    log_axis(ax.xaxis, [1, 1000])
    log_axis(ax.yaxis)
    ax.set_xlabel("rows (20 features, (16,) logistic units)", fontsize=MEDIUM)
    ax.set_ylabel("ms per iteration", fontsize=MEDIUM)
    ax.tick_params(labelsize=SMALL)
    ax.legend(fontsize=SMALL, frameon=False)
    ax.grid(True, which="major", color="0.9")
    fig.savefig(path)


#: Figure file -> (saved results it is drawn from, function drawing it,
#: its keyword arguments).
FIGURES = {
    "summary.png": (
        "defaults",
        score_time_panels,
        dict(
            estimators=("HillClimbMLPClassifier", "HillClimbMLPRegressor"),
            title="MLP, default parameters: score against fit time",
        ),
    ),
    "perceptron.png": (
        "defaults",
        score_time_panels,
        dict(
            estimators=("HillClimbPerceptron",),
            title="Perceptron, default parameters: score against fit time",
        ),
    ),
    "cases.png": ("results", cases_figure, {}),
    "scale.png": ("results", scale_figure, {}),
}


def draw_all(out_dir, directory=RESULTS, only_stale=False):
    """Draw every figure whose saved results exist into ``out_dir``.

    Parameters
    ----------
    out_dir : path-like
        Where the PNG files go (created if missing).
    directory : path-like, default=``benchmarks/results``
        Where the saved results are.
    only_stale : bool, default=False
        Redraw a figure only when it is older than its results or than
        this module (what a documentation build wants).

    Returns
    -------
    list of Path
        The figures drawn.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    drawn = []
    for name, (source, draw, kwargs) in FIGURES.items():
        saved = Path(directory) / f"{source}.json"
        target = out_dir / name
        if not saved.exists():
            continue
        newest = max(saved.stat().st_mtime, Path(__file__).stat().st_mtime)
        if only_stale and target.exists() and target.stat().st_mtime >= newest:
            continue
        draw(load(source, directory), target, **kwargs)
        drawn.append(target)
    return drawn
