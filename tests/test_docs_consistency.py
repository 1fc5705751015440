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
