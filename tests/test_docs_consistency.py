"""Numbers in the documentation that must follow the code.

A count of solvers written in prose drifts when a solver is added: every
page states none, or the registry's. Defaults quoted in the tuning table
come from the code too.
"""

import re
from pathlib import Path

import pytest

from sk_hillclimb import HillClimbMLPClassifier
from sk_hillclimb._solvers import SOLVERS
from sk_hillclimb._solvers._anneal import _FINAL_TEMPERATURE

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight"]
WORDS += ["nine", "ten"]
COUNT = re.compile(
    r"\b(" + "|".join(WORDS) + r"|\d+)\s+(solvers|ways to train|optimi[sz]ers)\b",
    re.IGNORECASE,
)
PAGES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.rst")),
    *sorted((ROOT / "examples").glob("*.py")),
    *sorted((ROOT / "sk_hillclimb").rglob("*.py")),
]


def _counts():
    for page in PAGES:
        if page.name == "changelog.rst":
            continue  # the history of the project: what was true then
        for number, line in enumerate(page.read_text().splitlines(), 1):
            for match in COUNT.finditer(line):
                yield f"{page.relative_to(ROOT)}:{number}", match.group(1).lower()


def test_no_page_counts_the_solvers_differently_from_the_registry():
    n = len(SOLVERS)
    wrong = [
        f"{where}: {count}"
        for where, count in _counts()
        if count not in (str(n), WORDS[n] if n < len(WORDS) else None)
    ]
    assert not wrong, f"solver counts that are not len(SOLVERS) = {n}: {wrong}"


def _tuning_row(parameter):
    text = (ROOT / "docs" / "tuning.rst").read_text()
    match = re.search(rf"^``{parameter}``\s+\S.*?\s(``\S+``)\s", text, re.MULTILINE)
    assert match, f"no row for {parameter} in tuning.rst"
    return match.group(1).strip("`")


@pytest.mark.parametrize(
    "parameter",
    [
        "step_size",
        "step_scale",
        "step_adaptation",
        "n_candidates",
        "perturb_fraction",
        "restart_patience",
        "initial_temperature",
        "cooling",
    ],
)
def test_the_tuning_table_quotes_the_defaults_of_the_code(parameter):
    default = HillClimbMLPClassifier().get_params()[parameter]
    assert _tuning_row(parameter) == repr(default).replace("'", '"')


def test_the_auto_cooling_falls_as_the_pages_say():
    # "a millionfold over max_iter", in the tuning table and the user guide
    assert _FINAL_TEMPERATURE == 1e-6
    for page in ("tuning.rst", "user_guide.rst"):
        text = (ROOT / "docs" / page).read_text()
        assert "thousandfold over" not in text
        assert "millionfold over" in text


def _benchmark_report(monkeypatch):
    """``benchmarks/report.py``, which imports ``benchmarks/figures.py``."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import report

    return report


def _section(page, title):
    """The text of the section headed ``title`` on ``page`` (reST)."""
    text = (ROOT / "docs" / page).read_text()
    start = re.search(rf"^{re.escape(title)}.*\n[=\-]{{3,}}\n", text, re.MULTILINE)
    assert start, f"no section {title!r} on {page}"
    end = re.search(r"^\S.*\n[=\-]{3,}\n", text[start.end() :], re.MULTILINE)
    return text[start.end() : start.end() + end.start() if end else len(text)]


def test_the_benchmarks_page_says_what_the_saved_results_say(monkeypatch):
    # Every generated part of the page (the summary's text and numbers, the
    # cases' tables, the defaults panel) is what benchmarks/report.py makes
    # of the committed benchmarks/results/*.json: a number edited by hand,
    # or results saved without rewriting the page, fail here.
    report = _benchmark_report(monkeypatch)
    page = (ROOT / "docs" / "benchmarks.rst").read_text()
    assert sorted(report.blocks()) == sorted(report.BLOCKS), "results missing"
    assert report.stale_parts(page) == []
    summary = _section("benchmarks.rst", "Derivative-free or backprop?")
    defaults = report.load("defaults")
    hillclimb = report.group_means(defaults["rows"])[
        ("digits", "HillClimbMLPClassifier", "hillclimb")
    ]
    assert f"hillclimb {hillclimb['score']:.3f} in" in summary
    assert ".. _derivative-free-or-backprop:" in page


def test_the_benchmarks_page_describes_every_case_of_the_results(monkeypatch):
    report = _benchmark_report(monkeypatch)
    described = re.findall(
        r"^(\d+)\. \*\*", _section("benchmarks.rst", "The cases"), re.M
    )
    run = {report.case_number(row) for row in report.load("results")["rows"]}
    assert run <= set(described), f"cases without a description: {run - set(described)}"
    assert described == sorted(described, key=int)


def test_the_benchmark_figures_are_drawn_from_the_saved_results(monkeypatch, tmp_path):
    pytest.importorskip("matplotlib")
    report = _benchmark_report(monkeypatch)
    from figures import FIGURES, draw_all

    drawn = draw_all(tmp_path)
    assert sorted(p.name for p in drawn) == sorted(FIGURES)
    page = (ROOT / "docs" / "benchmarks.rst").read_text()
    for name in FIGURES:
        assert f".. figure:: {report.FIGURE_DIR}/{name}" in page
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")


def test_the_large_data_section_quotes_measurements_with_command_and_date():
    # Measured times and accuracy differences in the user guide's large-data
    # section name the script and the day they were measured, and are those
    # printed on the benchmarks page's minibatch section.
    guide = _section("user_guide.rst", "Large data: ``batch_size``")
    bench = _section("benchmarks.rst", "Derivative-free training on minibatches")
    assert "python benchmarks/minibatch_search.py" in guide
    assert re.search(r"measured\s+on\s+\d{4}-\d{2}-\d{2}", guide)
    # Shares such as "3.75% of the training set" are arithmetic, not measured.
    quoted = re.findall(r"\b\d+\.\d+\b(?!%)", guide)
    assert quoted
    missing = [x for x in quoted if x not in bench and x.rstrip("0") not in bench]
    assert not missing, f"user guide figures not on the benchmarks page: {missing}"
