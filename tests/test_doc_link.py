"""The "?" of an estimator's HTML repr links to its page in our API docs."""

from pathlib import Path

import pytest

import sk_hillclimb
from sk_hillclimb import (
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)

ESTIMATORS = [HillClimbPerceptron, HillClimbMLPClassifier, HillClimbMLPRegressor]
API = Path(__file__).resolve().parents[1] / "docs" / "api.rst"


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_doc_link_points_at_the_generated_api_page(Estimator):
    link = Estimator()._get_doc_link()
    name = Estimator.__name__
    assert link == f"{sk_hillclimb.__doc_url__}generated/sk_hillclimb.{name}.html"
    # the HTML repr carries the link
    assert f'href="{link}"' in Estimator()._repr_html_()


def test_doc_url_set_after_import_takes_effect(monkeypatch):
    monkeypatch.setattr(sk_hillclimb, "__doc_url__", "https://example.org/docs/")
    assert HillClimbMLPClassifier()._get_doc_link() == (
        "https://example.org/docs/generated/sk_hillclimb.HillClimbMLPClassifier.html"
    )


def test_the_linked_pages_are_generated_by_the_api_reference():
    if not API.is_file():
        pytest.skip("docs/api.rst is not in this copy of the sources")
    text = API.read_text()
    # autosummary writes generated/sk_hillclimb.<name>.html for these entries
    estimators = text.split("\nEstimators\n")[1].split("\nData sets\n")[0]
    assert ":toctree: generated/" in estimators
    assert ".. currentmodule:: sk_hillclimb" in estimators
    for Estimator in ESTIMATORS:
        assert f"\n   {Estimator.__name__}\n" in estimators
