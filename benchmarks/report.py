"""The benchmarks page's tables and figures, from the saved results.

``python benchmarks/report.py`` measures nothing: it rewrites the generated
parts of ``docs/benchmarks.rst`` (between ``.. NAME-start`` and
``.. NAME-end`` marks) from the results that ``benchmarks/run.py`` and
``benchmarks/defaults.py`` saved in ``benchmarks/results/*.json``, writes
the defaults panel's per-seed fits to ``benchmarks/results/defaults.md``
and draws the figures (``benchmarks/figures.py``) next to the results.
The scripts call it after a run; ``tests/test_docs_consistency.py``
fails when the page differs from what the saved results give.

Every number on those parts of the page comes from the saved results;
the solvers, and which of them use a gradient, from the results and the
registry ``SOLVERS``.
"""

import re
import sys
from pathlib import Path

from figures import (
    DPI,
    RESULTS,
    WIDTH,
    data_label,
    draw_all,
    group_means,
    in_order,
    load,
    reference_means,
    uses_gradient,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS_PAGE = ROOT / "docs" / "benchmarks.rst"
#: Where the documentation build draws the figures (docs/_ext/bench_figures.py).
FIGURE_DIR = "/_figures"
#: CSS pixels a figure is shown at: half its pixels.
FIGURE_WIDTH = round(WIDTH * DPI / 2)
MLP = ("HillClimbMLPClassifier", "HillClimbMLPRegressor")
PERCEPTRON = ("HillClimbPerceptron",)


def rst_text(text):
    """``text`` as reST that reads as written (markup characters escaped,
    a no-break space between a number and its unit)."""
    text = re.sub(r"([\\`*|_\[\]<>'\"])", r"\\\1", str(text))
    if re.match(r"[-+*]( |$)|\(?\w+[.)]( |$)", text):
        text = "\\" + text
    return re.sub(r"(\d) (ms|s)\b", "\\1\u00a0\\2", text)


def list_table(header, rows, widths=None):
    """A reST list-table; ``rows`` of plain text cells (escaped here)."""
    lines = [".. list-table::", "   :header-rows: 1"]
    if widths:
        lines.append(f"   :widths: {' '.join(map(str, widths))}")
    lines.append("")
    for values in (header, *rows):
        bullet = "   * - "
        for value in values:
            lines.append(f"{bullet}{rst_text(value)}".rstrip())
            bullet = "     - "
    return "\n".join(lines)


def figure(name, alt, caption):
    """A figure drawn by ``figures.py`` into the documentation, shown at
    half its pixel width (its pixels are for screens of twice the density)."""
    return (
        f".. figure:: {FIGURE_DIR}/{name}\n   :alt: {alt}\n"
        f"   :width: {FIGURE_WIDTH}px\n\n   {caption}"
    )


def seconds(s):
    """A time with its unit: ``0.35 ms``, ``45.26 ms``, ``1.97 s``."""
    return f"{s:.2f} s" if s >= 0.1 else f"{s * 1e3:.2f} ms"


def seeds_text(rows):
    """ "seeds 0, 1 and 2" or "seed 0"."""
    seeds = sorted({r["seed"] for r in rows})
    if len(seeds) == 1:
        return f"seed {seeds[0]}"
    return f"seeds {', '.join(map(str, seeds[:-1]))} and {seeds[-1]}"


def produced_by(saved, rows=None):
    """The sentence that says which command made the results, and when."""
    text = f"Produced by ``{saved['command']}`` on {saved['date']}"
    details = [saved[key] for key in ("header", "machine") if saved.get(key)]
    if saved.get("load_average"):
        a, b = saved["load_average"]
        details.append(f"load average {a:.1f} at the start, {b:.1f} at the end")
    if rows and len({r["seed"] for r in rows}) > 1:
        details.append(f"means over {seeds_text(rows)}")
    elif rows:
        details.append(seeds_text(rows))
    return text + (f" ({'; '.join(details)})" if details else "")


# -- the summary --------------------------------------------------------------


def best(means, data, gradient):
    """The solver of the best mean score on ``data`` among the backprop
    (``gradient=True``) or derivative-free solvers, and its means."""
    found = [
        (m["score"], solver, m)
        for (d, _, solver), m in means.items()
        if d == data and uses_gradient(solver) == gradient
    ]
    score, solver, m = max(found, key=lambda item: item[0])
    return solver, m


def face_offs(rows):
    """Per data set of the MLP's fits: the best derivative-free solver, the
    best backprop solver and scikit-learn's default, with their means."""
    means, references = group_means(rows), reference_means(rows)
    out = []
    for data in in_order(r["data"] for r in rows):
        free, free_m = best(means, data, gradient=False)
        grad, grad_m = best(means, data, gradient=True)
        ref = next(v for (d, _), v in references.items() if d == data)
        out.append(dict(data=data, free=(free, free_m), grad=(grad, grad_m), ref=ref))
    return out


def face_off_bullet(f):
    """One data set's line of the summary."""
    (free, free_m), (grad, grad_m), ref = f["free"], f["grad"], f["ref"]
    return (
        f"- **{data_label(f['data'])}**: {free} {free_m['score']:.3f} in "
        f"{seconds(free_m['seconds'])}, {grad} {grad_m['score']:.3f} in "
        f"{seconds(grad_m['seconds'])}; scikit-learn's {ref['name']} "
        f"{ref['score']:.3f} in {seconds(ref['seconds'])}"
    )


def verdict(faces):
    """What the comparisons add up to, in words and the results' numbers."""
    worst = max(f["ref"]["score"] - f["grad"][1]["score"] for f in faces)
    losses = [
        (
            f["data"],
            f["free"][1]["score"] - f["grad"][1]["score"],
            f["free"][1]["seconds"] / f["grad"][1]["seconds"],
        )
        for f in faces
        if f["free"][1]["score"] > f["grad"][1]["score"]
    ]
    faster = all(f["grad"][1]["seconds"] < f["free"][1]["seconds"] for f in faces)
    text = (
        "The best backprop fit is "
        # Compared as printed: 0.0004 below reads as "at or above".
        + (f"at most {worst:.3f} below" if round(worst, 3) > 0 else "at or above")
        + " scikit-learn's default fit on every data set"
        + ("." if round(worst, 3) > 0 else " (to three decimals).")
    )
    if losses:
        text += (
            " Where a derivative-free solver scored higher ("
            + ", ".join(f"{data_label(d)} by {m:.3f}" for d, m, _ in losses)
            + f"), it took {min(x for *_, x in losses):.1f} to "
            f"{max(x for *_, x in losses):.1f} times as long as backprop's best."
        )
    if faster:
        text += " For a network with a gradient, backprop is the default to reach for;"
    return (
        text + " the derivative-free solvers are for what backprop cannot train: "
        "``step`` units and objectives without a gradient, such as accuracy "
        '(see "Which solver when" in the :doc:`user_guide`).'
    )


def summary_block(defaults):
    """The answer to "derivative-free or backprop?" from the defaults panel."""
    rows = [r for r in defaults["rows"] if r["estimator"] in MLP]
    faces = face_offs(rows)
    n = len(faces)
    better = sum(f["grad"][1]["score"] > f["free"][1]["score"] for f in faces)
    faster = sum(f["grad"][1]["seconds"] < f["free"][1]["seconds"] for f in faces)
    text = [
        "On the defaults panel below (every parameter at its default, means "
        f"over {seeds_text(rows)}), the best backprop solver scored higher "
        f"than the best derivative-free one on {better} of the {n} data sets "
        f"and was faster on {'all ' if faster == n else ''}{faster}. Score "
        "(accuracy; R² on diabetes) and fit time of the best derivative-free "
        "solver, the best backprop solver and scikit-learn's default fit:",
        "",
        *map(face_off_bullet, faces),
        "",
        verdict(faces),
        "",
        figure(
            "summary.png",
            "Score against fit time per data set, one mark per solver",
            "Each solver's default fit on each data set: mean score over "
            "the seeds (the bar spans the seeds) against mean fit time (log "
            "scale); derivative-free solvers in warm colours, backprop in "
            "blue, scikit-learn's default fit as a black star and a dashed "
            "line. " + produced_by(defaults) + ".",
        ),
    ]
    return "\n".join(text)


# -- the defaults panel -------------------------------------------------------


def panel_table(means, references, cell, reference_cell):
    """Rows: the solvers, then scikit-learn's default; columns: data sets."""
    data_sets = in_order(d for d, _, _ in means)
    solvers = in_order(s for _, _, s in means)
    rows = []
    for solver in solvers:
        cells = [solver]
        for data in data_sets:
            found = [m for (d, _, s), m in means.items() if (d, s) == (data, solver)]
            cells.append(cell(found[0]) if found else "-")
        rows.append(cells)
    names = in_order(v["name"] for v in references.values())
    ref_row = [f"sklearn {' / '.join(names)}"]
    for data in data_sets:
        ref_row.append(
            reference_cell(next(v for (d, _), v in references.items() if d == data))
        )
    header = ["solver", *map(data_label, data_sets)]
    return list_table(header, [*rows, ref_row])


def budget_text(means):
    """Which default fits took longer than max(2 s, 3x scikit-learn's)."""
    over = [
        f"{data_label(d)}, {e.replace('HillClimb', '')}, {s} ({m['seconds']:.2f} s)"
        for (d, e, s), m in means.items()
        if m["seconds"] > max(2.0, 3 * m["reference_seconds"])
    ]
    text = (
        f"{len(means) - len(over)} of the {len(means)} default fits took at "
        "most max(2 s, 3 times scikit-learn's time)"
    )
    return text + (f"; longer: {'; '.join(over)}." if over else ".")


def discarded_text(means):
    """The largest share of evaluations that speculation threw away."""
    (d, e, s), m = max(
        means.items(), key=lambda kv: kv[1]["n_evals_discarded"] / kv[1]["n_evals"]
    )
    share = m["n_evals_discarded"] / m["n_evals"]
    return (
        f"Speculation discarded at most {share:.1%} of a fit's evaluations "
        f"({d}, {e}, {s})."
    )


def defaults_block(defaults):
    """The panel: MLP scores and times, the perceptron's figure and table."""
    rows = defaults["rows"]
    out = [produced_by(defaults, rows) + ".", ""]
    for estimators, title in ((MLP, "MLP"), (PERCEPTRON, "Perceptron")):
        part = [r for r in rows if r["estimator"] in estimators]
        if not part:
            continue
        means, refs = group_means(part), reference_means(part)
        if estimators == PERCEPTRON:
            out += [
                figure(
                    "perceptron.png",
                    "The perceptron's score against fit time per data set",
                    "The perceptron's default fits, drawn as the MLP's in "
                    ":ref:`the summary <derivative-free-or-backprop>`.",
                ),
                "",
            ]
        out += [
            f"**{title}, score** (the figure's y axis):",
            "",
            panel_table(
                means,
                refs,
                lambda m: f"{m['score']:.3f}",
                lambda v: f"{v['score']:.3f}",
            ),
            "",
            f"**{title}, fit seconds** (in brackets: over scikit-learn's, "
            "the mean of the per-seed ratios):",
            "",
            panel_table(
                means,
                refs,
                lambda m: f"{m['seconds']:.2f} ({m['ratio']:.1f}x)",
                lambda v: f"{v['seconds']:.2f}",
            ),
            "",
        ]
    means = group_means(rows)
    out += [budget_text(means) + " " + discarded_text(means)]
    return "\n".join(out)


def loaded_block(loaded):
    """The panel on a loaded machine: the share speculation discarded."""
    rows = [r for r in loaded["rows"] if not uses_gradient(r["solver"])]
    means = group_means(rows)
    data_sets = in_order(r["data"] for r in rows)
    table = []
    for solver in in_order(r["solver"] for r in rows):
        cells = [solver]
        for data in data_sets:
            shares = [
                m["n_evals_discarded"] / m["n_evals"]
                for (d, _, s), m in means.items()
                if (d, s) == (data, solver)
            ]
            cells.append(f"{max(shares):.0%}" if shares else "-")
        table.append(cells)
    header = ["solver", *map(data_label, data_sets)]
    return "\n".join(
        [
            produced_by(loaded, loaded["rows"])
            + "; the largest share of ``n_evals_`` discarded by any estimator "
            "of the data set (the backprop solvers do not speculate):",
            "",
            list_table(header, table),
            "",
            discarded_text(group_means(loaded["rows"])),
        ]
    )


# -- the benchmark cases ------------------------------------------------------


def case_number(row):
    """The case a result row belongs to: "1" for "1a hillclimb ..."."""
    return re.match(r"\d+", row["case"]).group()


def case_table(rows):
    """One case's rows; the reference columns only where it has one."""
    paired = any(r.get("ratio") is not None for r in rows)
    header = ["row", "ours", "reference", "its time", "ours / ref.", "notes"]
    if not paired:
        header = ["row", "ours", "notes"]
    lines = []
    for r in rows:
        # "1a hillclimb ..." keeps its letter; "2 sgd-backprop ..." needs no number.
        label = re.sub(r"^\d+ ", "", r["case"])
        ours = "-" if r.get("ours_s") is None else seconds(r["ours_s"])
        if not paired:
            lines.append([label, ours, r.get("note", "")])
            continue
        ref_s = r.get("reference_s")
        ratio = r.get("ratio")
        lines.append(
            [
                label,
                ours,
                r["reference"],
                "-" if ref_s is None else seconds(ref_s),
                "-" if ratio is None else f"{ratio:.3f}",
                r.get("note", ""),
            ]
        )
    return list_table(header, lines)


def runs_text(results):
    """Which run measured which cases: one sentence per run."""
    keys = ("command", "header", "date")
    runs = {}
    for row in results["rows"]:
        run = tuple(row.get(key, results.get(key)) for key in keys)
        runs.setdefault(run, []).append(case_number(row))
    if len(runs) == 1:
        return produced_by(results) + "."
    sentences = []
    for run, cases in runs.items():
        cases = in_order(cases)
        names = (
            ", ".join(cases[:-1]) + " and " + cases[-1] if len(cases) > 1 else cases[0]
        )
        sentence = produced_by(dict(zip(keys, run)))
        sentence = sentence[0].lower() + sentence[1:]
        sentences.append(f"Case{'s' if len(cases) > 1 else ''} {names}: {sentence}.")
    return " ".join(sentences)


def results_block(results):
    """Every case: the ratios' figure, then one table per case."""
    rows = results["rows"]
    out = [
        runs_text(results) + " Times are medians over the pairs; "
        '"ours / ref." is the median of the per-pair ratios.',
        "",
        figure(
            "cases.png",
            "Time ratio ours / reference of every comparison",
            "Time of ours over time of the reference, every comparison of "
            "the cases (log scale; below 1, ours is faster).",
        ),
        "",
    ]
    for number in in_order(map(case_number, rows)):
        out += [
            f".. rubric:: Case {number}",
            "",
            case_table([r for r in rows if case_number(r) == number]),
            "",
        ]
        if number == "4":
            out += [
                figure(
                    "scale.png",
                    "Case 4: milliseconds per iteration against rows",
                    "Case 4: milliseconds per iteration against rows (log-log).",
                ),
                "",
            ]
    return "\n".join(out).rstrip()


# -- what watching a fit costs -------------------------------------------------


def callbacks_block(saved):
    """The ratios of ``benchmarks/callbacks.py``: with / without callbacks."""
    rows = saved["rows"]
    table = [
        [
            r["task"],
            r["comparison"],
            seconds(r["a_median_s"]),
            f"{r['ratio']:.3f}",
            f"{r['ratio_min']:.3f}-{r['ratio_max']:.3f}",
            f"{r['bar']:g}",
        ]
        for r in rows
    ]
    before, after = saved["loadavg_before"][0], saved["loadavg_after"][0]
    text = [
        f"Produced by ``{saved['command']}`` on {saved['date'][:10]} "
        f"({saved['machine']}, Python {saved['python']}, numpy "
        f"{saved['numpy']}, scikit-learn {saved['scikit-learn']}, rich "
        f"{saved['rich']}; {saved['pairs']} pairs; load average {before:.1f} "
        f"before, {after:.1f} after; {saved['elapsed_s']:.0f} s). "
        '"A": the fit\'s median time without what is measured (or before it); '
        '"ratio": the median over pairs of B / A; "bar": the ratio the script '
        "checks against.",
        "",
        list_table(["fit", "B / A", "A", "ratio", "pairs' range", "bar"], table),
    ]
    by = {(r["task"], r["comparison"].split()[0]): r for r in rows}
    short = next(r["task"] for r in rows if re.search(r"\d+ it$", r["task"]))
    iterations = int(re.search(r"(\d+) it$", short).group(1))
    now = by[(short, "no")]
    bar, monitor = by[(short, "ProgressBar")], by[(short, "ScoringMonitor")]
    text += [
        "",
        f'On "{short}", recording the curves (no callbacks, now / before) '
        "costs "
        f"{now['ratio'] - 1:.1%} of a fit whose iterations take "
        f"{now['b_median_s'] / iterations * 1e6:.0f} microseconds; "
        f"``ProgressBar`` adds {(bar['b_median_s'] - bar['a_median_s']) * 1e3:.0f} "
        f"ms to a fit of {bar['a_median_s'] * 1e3:.0f} ms, ``ScoringMonitor`` "
        f"{(monitor['b_median_s'] - monitor['a_median_s']) * 1e3:.0f} ms.",
    ]
    return "\n".join(text)


# -- the page -----------------------------------------------------------------

#: Generated part of the page -> (saved results it comes from, its text).
BLOCKS = {
    "summary": ("defaults", summary_block),
    "results": ("results", results_block),
    "defaults": ("defaults", defaults_block),
    "defaults-loaded": ("defaults_loaded", loaded_block),
    "callbacks": ("callbacks", callbacks_block),
}


def blocks(directory=RESULTS):
    """Name -> the generated text of each part whose results are saved."""
    out = {}
    for name, (source, render) in BLOCKS.items():
        saved = load(source, directory)
        if saved is not None:
            out[name] = render(saved)
    return out


def region(page, name):
    """(start, end) of the text between ``name``'s marks on ``page``."""
    start_mark = f".. {name}-start\n"
    start = page.index(start_mark) + len(start_mark)
    return start, page.index(f".. {name}-end", start)


def page_with(page, generated):
    """``page`` with each generated part replaced."""
    for name, text in generated.items():
        start, end = region(page, name)
        page = page[:start] + "\n" + text + "\n\n" + page[end:]
    return page


def stale_parts(page_text, directory=RESULTS):
    """The generated parts of the page that the saved results contradict."""
    generated = blocks(directory)
    fresh = page_with(page_text, generated)
    return [
        name
        for name in generated
        if fresh[slice(*region(fresh, name))]
        != page_text[slice(*region(page_text, name))]
    ]


def seed_table(rows):
    """Every fit of the defaults panel, one Markdown line each."""
    keys = ["data", "estimator", "solver", "seed", "score", "reference_score"]
    keys += ["seconds", "reference_seconds", "ratio", "n_evals"]
    keys += ["n_evals_discarded", "warnings"]
    lines = ["| " + " | ".join(keys) + " |", "| --- " * len(keys) + "|"]
    for row in rows:
        cells = [
            f"{row[k]:.4g}" if isinstance(row.get(k), float) else str(row.get(k, ""))
            for k in keys
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None, page=DOCS_PAGE, directory=RESULTS):
    """Rewrite the page's generated parts, the per-seed detail, the figures."""
    text = page.read_text()
    page.write_text(page_with(text, blocks(directory)))
    for name in ("defaults", "defaults_loaded"):
        saved = load(name, directory)
        if saved is not None:
            (Path(directory) / f"{name}.md").write_text(
                f"Command: `{saved.get('command')}`\n\n{seed_table(saved['rows'])}\n"
            )
    for path in draw_all(directory, directory):
        print(f"drew {path}")
    print(f"rewrote the generated parts of {page}")


if __name__ == "__main__":
    main(sys.argv[1:])
