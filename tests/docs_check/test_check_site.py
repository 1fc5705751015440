"""The browser check of the documentation (docs/check_site.py) on tiny sites.

Each tiny Sphinx project has the theme and the offline MathJax of
docs/conf.py and holds exactly one breakage; the check must report it,
with the kind of problem expected and no other. A clean project, whose
pages hold what the real site legitimately shows (code blocks wider than
a phone, formulas, tables, a signature, an example's output, a figure,
a "See also"), must pass at both widths.

The projects are built once per module and checked in one browser run
(about a minute in all), so these tests are marked ``docs_check`` and left
out of the default run: ``make docs-check`` runs them through
``docs/check_site.py --self-test``, or run
``pytest -m docs_check tests/docs_check``. They skip when Sphinx, the
theme, Playwright or Chromium is missing.
"""

import os
import shutil
import struct
import sys
import zlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.docs_check

DOCS = Path(__file__).resolve().parents[2] / "docs"
sys.path.insert(0, str(DOCS))
from _check import site  # noqa: E402

WIDTHS = (1400, 400)
# What matters of docs/conf.py for what a reader sees: the theme, its
# options, MathJax copied into the site, literals as the default role.
CONF = """
project = "tiny"
extensions = ["sphinx.ext.mathjax", "sphinx-mathjax-offline"]
mathjax_path = "mathjax/tex-chtml.js"
default_role = "literal"
html_theme = "pydata_sphinx_theme"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_context = {"default_mode": "light"}
html_sidebars = {"**": []}
html_static_path = ["_static"]
html_css_files = ["tiny.css"]
"""
# Rules a project's stylesheet might hold; only the breakages use them.
CSS = """
dl.clip-terms dt { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
figure.short-caption figcaption { max-height: 1.6em; overflow: hidden; }
td.clip-cell { max-width: 6em; white-space: nowrap; overflow: hidden; }
td.narrow { width: 3em; }
td.narrow :is(code, .pre) { overflow-wrap: anywhere; white-space: pre-wrap; }
"""
PARAGRAPH = (
    "Hill climbing perturbs the weights and keeps the change unless the "
    "loss gets worse."
)


def _png(width, height, dpi=None):
    """A grey PNG image of ``width`` x ``height`` pixels, as bytes.

    With ``dpi``, the image states its resolution (a ``pHYs`` chunk), as
    matplotlib's PNGs do.
    """

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes([160]) * width for _ in range(height))
    per_metre = round(dpi / 0.0254) if dpi else 0
    resolution = chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + (resolution if dpi else b"")
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _page(title, body):
    return f"{title}\n{'=' * len(title)}\n\n{PARAGRAPH}\n\n{body}\n"


def _raw(html):
    return ".. raw:: html\n\n" + "".join(f"   {line}\n" for line in html.splitlines())


LONG_LITERAL = ("sk_hillclimb.benchmarks.results." + "case_1.defaults." * 14)[:230]
GALLERY_OUTPUT = (
    '<div class="sphx-glr-script-out highlight-none notranslate">'
    '<div class="highlight"><pre><span></span>{}\n</pre></div></div>'
)
TABLE_ROW = (
    '<table class="table"><thead><tr><th>parameter</th><th>meaning</th></tr>'
    "</thead><tbody><tr><td{}>{}</td><td>The share of the weights that one "
    "step perturbs, drawn anew at every step.</td></tr></tbody></table>"
)
LITERAL = (
    '<code class="docutils literal notranslate"><span class="pre">{}</span></code>'
)
# name: (index.rst body, expected kind, words the message must hold).
BREAKAGES = {
    "markdown_table": (
        "Solver | Score | Seconds\n--- | --- | ---\nadam | 0.976 | 0.32\n"
        "hillclimb | 0.932 | 1.97\n",
        "markup",
        "a Markdown table",
    ),
    "markdown_link": (
        "See [the user guide](user_guide.html) for the solvers.\n",
        "markup",
        "a Markdown link",
    ),
    "markdown_emphasis": (
        "Adam is **faster**than hill climbing on digits.\n",
        "markup",
        "bold markers",
    ),
    "rst_literal": (
        _raw("<p>Call ``fit`` to train the network.</p>"),
        "markup",
        "literal left as text",
    ),
    "rst_role": (
        "The estimator is :klass:`HillClimbMLPClassifier`.\n",
        "markup",
        "a reST role",
    ),
    "rst_link": (
        _raw("<p>See `the user guide &lt;user_guide.html&gt;`_ for the solvers.</p>"),
        "markup",
        "a reST link",
    ),
    "tex_delimiters": (
        "The loss \\\\(L = \\\\sum_i \\\\ell_i\\\\) is summed over the rows.\n",
        "math",
        "TeX left as text",
    ),
    "undefined_macro": (
        ".. math::\n\n   L = \\lossfn(\\theta)\n",
        "math",
        "undefined macro \\lossfn",
    ),
    "merror": (".. math::\n\n   a^b^c\n", "math", "MathJax error"),
    "dollars_in_text": (
        "The loss is $$L = \\frac{1}{n} \\sum_i \\ell_i$$ over the rows.\n",
        "math",
        "TeX left as text",
    ),
    "wide_element": (
        _raw('<div style="width: 700px; background: #eee">A 700-px box</div>'),
        "overflow",
        "bd-article-container scrolls sideways",
    ),
    "hidden_scrollbar": (
        _raw(
            '<div style="overflow-x: auto; scrollbar-width: none">'
            '<div style="width: 900px">A box 900 px wide</div></div>'
        ),
        "overflow",
        "with no scrollbar",
    ),
    "long_literal": (
        f"Results are in ``{LONG_LITERAL}``.\n",
        "overflow",
        "scrolls sideways",
    ),
    "broken_identifier": (
        _raw(TABLE_ROW.format(' class="narrow"', LITERAL.format("perturb_fraction"))),
        "broken-word",
        "broken across lines in span.pre",
    ),
    "clipped_cell": (
        _raw(TABLE_ROW.format(' class="clip-cell"', "HillClimbMLPClassifier.fit")),
        "clipped",
        "td.clip-cell",
    ),
    "clipped_seealso": (
        ".. seealso::\n\n   ``sklearn.neural_network.MLPClassifier.partial_fit``\n"
        "      The same network trained by backpropagation.\n",
        "clipped",
        "seealso",
    ),
    "clipped_term": (
        ".. rst-class:: clip-terms\n\n``HillClimbMLPClassifier.partial_fit(X, y, "
        "classes=None, sample_weight=None)``\n   Trains on one batch.\n",
        "clipped",
        "dt",
    ),
    "clipped_caption": (
        ".. figure:: figure.png\n   :width: 300px\n   :figclass: short-caption\n\n"
        "   Score against seconds for every solver on every data set, with "
        "scikit-learn's MLPClassifier drawn in as the reference, one mark per "
        "solver and the median of five runs.\n",
        "clipped",
        "bottom of figcaption",
    ),
    "clipped_footer": (
        ".. toctree::\n   :hidden:\n\n   classifier\n",
        "clipped",
        "a.right-next",
    ),
    "gallery_repr": (
        _raw(
            GALLERY_OUTPUT.format(
                "&lt;matplotlib.legend.Legend object at 0x7f5a7b57f210&gt;"
            )
        ),
        "repr",
        "in an example's output: <matplotlib.legend.Legend object at 0x7f5a7b57f210>",
    ),
    "small_figure": (
        ".. image:: figure100.png\n   :width: 200px\n",
        "image",
        "10-pt text 6.9 CSS px",
    ),
    "upscaled_image": (
        ".. image:: small.png\n   :width: 360px\n",
        "upscaled",
        "image upscaled",
    ),
}
# What the real site shows on purpose and the check must let pass: code
# and formulas wider than a phone (each scrolls in its own box, with a
# scrollbar), literals holding markup characters, prices, a signature, an
# example's output, a 200-dpi figure shown at 0.375 of its pixels (its text
# still 10.4 CSS px), a 100-dpi figure that a phone shows too small to read
# but links to its full size, a toctree whose footer links fit.
CLEAN = "\n".join(
    [
        "With :math:`L(\\theta)` the loss, ``HillClimbMLPClassifier`` the",
        "estimator, *emphasis*, **strong**, a `default role literal`, the",
        "literals ``**kwargs``, ``[a](b)``, ``a | b`` and ``$$x$$``, a link to",
        "`scikit-learn <https://scikit-learn.org>`_, 2 * 3 * 4 = 24,",
        "hidden_layer_sizes and random_state in prose, a price of $5 or $10.",
        "",
        ".. math::",
        "",
        "   A^{(0)} = X, \\qquad Z^{(l)} = A^{(l-1)} W^{(l)} + b^{(l)}, \\qquad",
        "   A^{(l)} = f(Z^{(l)}) \\quad (l = 1, \\dots, L - 1), \\qquad",
        "   Z^{(L)} = A^{(L-1)} W^{(L)} + b^{(L)}",
        "",
        ".. code-block:: python",
        "",
        "   model = HillClimbMLPClassifier(hidden_layer_sizes=(100,), "
        'solver="hillclimb", max_iter=200, random_state=0).fit(X_train, y_train)',
        "",
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - solver",
        "     - score",
        "     - seconds",
        "   * - ``adam``",
        "     - 0.976",
        "     - 0.32",
        "",
        "``max_iter``",
        "   The number of iterations.",
        "",
        ".. py:function:: fit(X, y, sample_weight=None)",
        "",
        "   Fit the network.",
        "",
        ".. seealso::",
        "",
        "   ``MLPClassifier``",
        "      The same network trained by backpropagation.",
        "",
        # Legible at desktop width; on a phone scaled to 0.44 of its pixels,
        # which a tap on its link opens in full.
        ".. image:: wide100.png",
        "   :target: wide100.png",
        "",
        ".. figure:: figure.png",
        "   :width: 300px",
        "",
        "   Score against seconds, one mark per solver: a caption two lines",
        "   long at a phone's width.",
        "",
        _raw(GALLERY_OUTPUT.format("accuracy 0.932 in 1.97 s")),
        "",
        ".. toctree::",
        "",
        "   second",
    ]
)


def _write_project(source, body, extra_pages=()):
    static = source / "_static"
    static.mkdir(parents=True)
    (static / "tiny.css").write_text(CSS)
    (source / "conf.py").write_text(CONF)
    # A figure for 2x screens (200 dpi), and one at the gallery's 100 dpi.
    (source / "figure.png").write_bytes(_png(800, 600, dpi=200))
    (source / "figure100.png").write_bytes(_png(400, 300))
    (source / "small.png").write_bytes(_png(120, 80))
    (source / "wide100.png").write_bytes(_png(800, 300))
    (source / "index.rst").write_text(_page("Tiny", body))
    for name, title in extra_pages:
        (source / f"{name}.rst").write_text(_page(title, "The end."))


def _build(source, out, strict):
    from sphinx.cmd.build import build_main

    args = ["-b", "html", "-d", str(out.parent / f"{out.name}.doctrees")]
    args += ["-W", "-q"] if strict else ["-Q"]
    assert build_main([*args, str(source), str(out)]) == 0
    # One copy of MathJax for all sites: each build copies 27 MB.
    mathjax = out / "_static" / "mathjax"
    shared = out.parent / "mathjax"
    if not shared.exists():
        shutil.copytree(mathjax, shared)
    shutil.rmtree(mathjax)
    mathjax.symlink_to(shared, target_is_directory=True)


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    """The check's findings on every tiny site: {site: [Finding, ...]}."""
    # Imported here, not when collected: the default run deselects these
    # tests, and should not pay for importing Sphinx.
    for module in ("sphinx", "pydata_sphinx_theme", "sphinx-mathjax-offline"):
        pytest.importorskip(module)
    pytest.importorskip("playwright")
    browser = site.find_browser(os.environ.get("DOCS_CHECK_BROWSER"))
    if browser is None:
        pytest.skip("no Chromium found")
    root = tmp_path_factory.mktemp("sites")
    html = root / "html"
    html.mkdir()
    pages = []
    for name, (body, _, _) in BREAKAGES.items():
        extra = [("classifier", "HillClimbMLPClassifier")]
        _write_project(root / "src" / name, body, extra)
        _build(root / "src" / name, html / name, strict=False)
        pages.append(f"{name}/index.html")
    _write_project(root / "src" / "clean", CLEAN, [("second", "Second page")])
    _build(root / "src" / "clean", html / "clean", strict=True)
    pages += ["clean/index.html", "clean/second.html"]
    with site.Browser(html, browser) as chromium:
        found = chromium.check(pages, WIDTHS)
    by_site = {}
    for finding in found:
        by_site.setdefault(finding.page.split("/")[0], []).append(finding)
    return by_site


@pytest.mark.parametrize("name", BREAKAGES)
def test_breakage_is_reported(findings, name):
    _, kind, words = BREAKAGES[name]
    found = [f for f in findings.get(name, []) if f.kind not in site.NOTES]
    assert {f.kind for f in found} == {kind}, found
    assert any(words in f.message for f in found), found


def test_clean_site_passes(findings):
    found = [f for f in findings.get("clean", []) if f.kind not in site.NOTES]
    assert found == []
