"""Sphinx configuration: numpydoc, autosummary, sphinx-gallery, pydata theme.

Built by ``make docs`` with warnings as errors. Neither the build nor the
built site needs a network: MathJax comes from the pinned PyPI package
``sphinx-mathjax-offline`` and is copied into ``_static``, and the pages load
nothing from other hosts (``make docs-check`` verifies it in a browser).
scikit-learn's names link to scikit-learn's site through an inventory made
here from the installed scikit-learn (``_sklearn_inventory.py``), without
a download. Links to Python, NumPy and dask's distributed are added only
when ``SK_HILLCLIMB_DOCS_INTERSPHINX=1`` is set, because fetching their
inventories fails offline, and a failed fetch is a warning.
"""

import os
import sys
import warnings
from pathlib import Path

import sk_hillclimb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _sklearn_inventory import write_inventory

project = "sk_hillclimb"
author = "the sk_hillclimb developers"
copyright = "the sk_hillclimb developers, BSD-3-Clause"
version = release = sk_hillclimb.__version__

# docs/_ext/bench_figures.py draws the benchmarks page's figures.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ext"))
extensions = [
    "bench_figures",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    # Copies MathJax 3 into _build/html/_static/mathjax: formulas render
    # without a network, where the default would load MathJax from a CDN.
    "sphinx-mathjax-offline",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "sphinx.ext.intersphinx",
]
# Written before every build, so that it follows the installed scikit-learn;
# in _build, which is neither a source nor committed.
_SKLEARN_INVENTORY = Path(__file__).resolve().parent / "_build" / "sklearn.inv"
write_inventory(_SKLEARN_INVENTORY)
intersphinx_mapping = {
    "sklearn": ("https://scikit-learn.org/stable", str(_SKLEARN_INVENTORY)),
}
if os.environ.get("SK_HILLCLIMB_DOCS_INTERSPHINX") == "1":
    intersphinx_mapping.update(
        python=("https://docs.python.org/3", None),
        numpy=("https://numpy.org/doc/stable", None),
        distributed=("https://distributed.dask.org/en/stable", None),
    )

templates_path = ["_templates"]
# sg_execution_times.rst: left behind by builds before
# write_computation_times was turned off (see the gallery section).
exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    "sg_execution_times.rst",
    "auto_examples/sg_execution_times.rst",
]
default_role = "literal"
# The path inside _static where sphinx-mathjax-offline puts MathJax.
mathjax_path = "mathjax/tex-chtml.js"

# -- API reference: autosummary writes one page per public name -------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": True}


def _skip_sklearn_members(app, what, name, obj, skip, options):
    """Leave out what the estimators inherit from scikit-learn unchanged.

    ``get_params``, ``set_params``, ``score`` and the metadata-routing
    methods are scikit-learn's; their docstrings refer to labels of
    scikit-learn's documentation, which do not exist here.
    """
    module = getattr(obj, "__module__", None) or ""
    if what == "class" and module.startswith("sklearn."):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_sklearn_members)


autodoc_typehints = "none"
# numpydoc renders the docstrings; autodoc's :members: lists the methods,
# so numpydoc's own member tables would repeat them.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# "fit()" rather than "HillClimbMLPClassifier.fit()" in the page's table of
# contents, so that method names fit the right-hand column.
toc_object_entries_show_parents = "hide"

# -- gallery ------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "doc_module": ("sk_hillclimb",),
    "reference_url": {"sk_hillclimb": None},
    "backreferences_dir": "generated/backreferences",
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "show_memory": False,
    # The timing pages load jQuery and DataTables from CDNs; each example
    # page states its own running time.
    "write_computation_times": False,
    # A cell that ends in ax.legend() or ax.set_title(...) would print the
    # returned object's repr (Text(0.5, ...), <...Legend object at 0x...>)
    # as if it were output; other values' reprs are still shown.
    "ignore_repr_types": r"matplotlib\.",
    # Each figure is also saved at twice its resolution, which the pages
    # offer to screens of higher pixel density (and to a reader's zoom).
    "image_srcset": ["2x"],
}
# Matplotlib warns that the Agg backend cannot show figures when an example
# calls plt.show(); sphinx-gallery collects them anyway.
warnings.filterwarnings(
    "ignore", category=UserWarning, message="(?s).*non-GUI backend.*"
)

# -- HTML ---------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sk_hillclimb {release}"
html_static_path = ["_static"]
# custom.css: wrapping of long names in titles and the page's table of
# contents, figures that fit the column, tables and formulas that scroll in
# their own box; responsive.js: where long literals may break, the shadow
# that shows a box scrolls, figures that link to their full-size image.
html_css_files = ["custom.css"]
html_js_files = ["responsive.js"]
html_favicon = "_static/logo.svg"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "logo": {
        "text": html_title,
        "image_light": "_static/logo.svg",
        "image_dark": "_static/logo.svg",
        "alt_text": "sk_hillclimb",
    },
}
# Without it the theme logs "Got invalid theme mode" on a reader's first
# visit. Readers can still switch to dark or automatic.
html_context = {"default_mode": "light"}
# The left sidebar lists the pages below the current one: only the API
# reference and the gallery have any. Elsewhere it would be an empty
# "Section Navigation" column (docs/check_site.py fails on one).
html_sidebars = {
    page: []
    for page in (
        "index",
        "install",
        "quickstart",
        "user_guide",
        "tuning",
        "persistence",
        "benchmarks",
        "changelog",
        "contributing",
        "search",
        "genindex",
    )
}
