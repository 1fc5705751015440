"""Sphinx extension: the benchmark figures, drawn from the saved results.

When the build starts, ``benchmarks/figures.py`` draws every figure of the
benchmarks page into ``docs/_figures/`` from ``benchmarks/results/*.json``
(committed), redrawing only the figures older than their results or than
``figures.py``. The figures are not committed (``*.png`` is ignored): a
fresh clone gets them from its first build.
"""

import importlib.util
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _figures_module():
    """``benchmarks/figures.py``, loaded from its file (``benchmarks`` is a
    folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(
        "sk_hillclimb_bench_figures", BENCHMARKS / "figures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def draw_figures(app):
    """Draw the stale figures into ``<srcdir>/_figures``."""
    figures = _figures_module()
    for path in figures.draw_all(Path(app.srcdir) / "_figures", only_stale=True):
        logger.info(f"bench_figures: drew {path.name}")


def setup(app):
    """Register the drawing with Sphinx (``extensions`` in conf.py)."""
    app.connect("builder-inited", draw_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
