"""Open every page of the built documentation in a headless browser.

``make docs-check`` runs this after ``make docs``. The site in
``docs/_build/html`` is served on 127.0.0.1 only, and Chromium, driven by
Playwright, opens each page at a desktop and a phone width, as a reader
without internet would. A page fails on (the kind of each problem in
brackets; the modules of ``docs/_check`` hold the probes):

- [load] a console error or an uncaught exception; a request that fails
  or returns an error status, and any request to a host other than the
  local server (there is no network: the site must carry everything);
- [markup] Markdown or reStructuredText left as text: tables, links,
  emphasis markers, literals, roles, reST links and directives;
- [math] a formula not typeset, a MathJax error, an undefined macro, a
  backslash shown in a formula's text, ``$$``, ``\\(`` or TeX macros left
  as text;
- [overflow] content wider than the box it sits in that scrolls with no
  scrollbar of its own, a column of the layout (the theme's article
  container) or the page scrolling sideways;
- [clipped] text cut off by a box that hides its overflow (table cells,
  terms, footer links, captions, "See also" entries or any other), a
  title or contents entry beyond its column;
- [broken-word] a word or identifier broken across two lines;
- [repr] a Python repr printed by an example (``<… object at 0x…>``,
  ``Text(0.5, …)``);
- [image] an image that did not load, shown so small that its 10-pt text
  is below 9 CSS px (read at the resolution its PNG states), or at
  desktop width wider than the column;
  [upscaled] an image shown wider than its widest version;
- [table] at desktop width a table wider than its column; [nav] an empty
  navigation sidebar.

Listed as notes, which do not fail: images that a 2x screen would upscale
(no version with twice the pixels), and boxes other than code blocks that
scroll sideways (a formula, a figure, a table: their scrollbar is drawn by
desktop browsers, not by phones).
The check prints the height of the benchmarks page at desktop width and
saves screenshots at each width (``SCREENSHOTS``) to ``docs/_build/check/``
(not committed). With ``--self-test`` it first runs its own tests
(``tests/docs_check``: tiny sites, each with one breakage the check must
report), and counts them with the page loads in its last line.

Playwright comes from PyPI (the ``docs-check`` extra); its own browser
download is not used: it drives the system's Chromium (Debian's
``chromium`` package), found on the ``PATH`` or given by ``--browser``.
"""

import argparse
import os
import sys
from pathlib import Path

from _check import site

DOCS = Path(__file__).resolve().parent
SELF_TESTS = DOCS.parent / "tests" / "docs_check"
WIDTHS = (1400, 400)
SCREENSHOTS = {
    "user_guide_network": ("user_guide.html", "section#the-network"),
    "user_guide_which_solver": ("user_guide.html", "section#which-solver-when"),
    "benchmarks_summary": ("benchmarks.html", None),
    "class_page": ("generated/sk_hillclimb.HillClimbMLPClassifier.html", None),
}
# Pages whose height at the desktop width is printed: a results page that
# grows tall is one that readers scroll through instead of reading.
HEIGHTS = ("benchmarks.html",)


def self_test(browser):
    """Run ``tests/docs_check``; return ``(passed, failed)``."""
    try:
        import pytest
    except ImportError:
        print("docs-check self-test SKIPPED: pytest is not installed")
        return 0, 0
    if not SELF_TESTS.is_dir():
        print(f"docs-check self-test SKIPPED: no {SELF_TESTS} in this copy")
        return 0, 0

    class Count:
        passed = failed = 0

        def pytest_terminal_summary(self, terminalreporter):
            stats = terminalreporter.stats
            self.passed = len(stats.get("passed", []))
            self.failed = len(stats.get("failed", [])) + len(stats.get("error", []))

    count = Count()
    args = ["-q", "-p", "no:cacheprovider", "-m", "docs_check", str(SELF_TESTS)]
    # The tests find the browser the check was given.
    os.environ["DOCS_CHECK_BROWSER"] = browser
    code = pytest.main(args, plugins=[count])
    if code not in (0, 5) and not count.failed:
        count.failed = 1
    return count.passed, count.failed


def report(findings):
    """Print the findings by page and width; return the failing ones."""
    failing = list(dict.fromkeys(f for f in findings if f.kind not in site.NOTES))
    by_place = {}
    for f in failing:
        by_place.setdefault((f.page, f.width), []).append(f)
    for (name, width), found in by_place.items():
        print(f"FAIL {name} at {width} px")
        for line in dict.fromkeys(f"[{f.kind}] {f.message}" for f in found):
            print(f"    {line}")
    # A note says what before its first ": ", then where: one block per
    # what, each place once (the same image is seen on many pages).
    notes = {}
    for f in findings:
        if f.kind in site.NOTES:
            what, _, where = f.message.partition(": ")
            notes.setdefault(what, {})[where] = None
    for what, places in notes.items():
        print(f"NOTE {what} ({len(places)}):")
        for place in places:
            print(f"    {place}")
    return failing


def visuals(browser, shots):
    """Save ``SCREENSHOTS`` into ``shots``; return lines to print.

    The lines give the heights of the ``HEIGHTS`` pages at the widest
    width, and name the screenshots whose section is not in its page.
    """
    lines = []
    for width in WIDTHS:
        tab = browser.tab(width)
        if width == max(WIDTHS):
            for name in HEIGHTS:
                lines.append(f"{name} is {tab.height(name):,} px tall at {width} px")
        for label, (name, selector) in SCREENSHOTS.items():
            if not tab.screenshot(name, selector, shots / f"{label}_{width}.png"):
                lines.append(f"no screenshot {label}: {selector} is not in {name}")
        tab.close()
    return lines


def main(argv=None):
    """Check the site; return 0 if it passes, 1 if not, 2 if it cannot run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=DOCS / "_build" / "html")
    parser.add_argument("--screenshots", type=Path, default=DOCS / "_build" / "check")
    parser.add_argument("--browser", help="Chromium executable (default: PATH)")
    parser.add_argument(
        "--skip-without-browser",
        action="store_true",
        help="exit 0 with a SKIPPED message when no browser can be run",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="first run the check's own tests (tests/docs_check)",
    )
    args = parser.parse_args(argv)

    missing = None
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing = 'Playwright is not installed (pip install ".[docs-check]")'
    browser_path = site.find_browser(args.browser)
    if browser_path is None:
        missing = "no Chromium found (apt-get install chromium, or --browser PATH)"
    if missing:
        print(f"docs check SKIPPED: {missing}")
        return 0 if args.skip_without_browser else 2
    if not (args.html / "index.html").is_file():
        print(f"no site in {args.html}: run make docs first", file=sys.stderr)
        return 2

    tests_passed, tests_failed = self_test(browser_path) if args.self_test else (0, 0)
    pages = site.list_pages(args.html)
    args.screenshots.mkdir(parents=True, exist_ok=True)
    # Screenshots of earlier runs would pass for this one's.
    for old in args.screenshots.glob("*.png"):
        old.unlink()
    with site.Browser(args.html, browser_path) as browser:
        findings = browser.check(pages, WIDTHS)
        lines = visuals(browser, args.screenshots)

    failing = report(findings)
    print("\n".join(lines))
    failed_loads = len({(f.page, f.width) for f in failing})
    loads = len(pages) * len(WIDTHS)
    widths = " and ".join(f"{w} px" for w in WIDTHS)
    print(
        f"{len(pages)} pages checked at {widths} with {Path(browser_path).name}, "
        f"{len(failing)} problems; screenshots in {args.screenshots}"
    )
    # One line for the whole check, in the form CI logs are read for: the
    # page loads, and the check's own tests when they ran.
    passed = loads - failed_loads + tests_passed
    failed = failed_loads + tests_failed
    detail = f"{loads} page loads"
    if args.self_test:
        detail += f", {tests_passed + tests_failed} tests of the check"
    print(f"docs-check: {passed} passed, {failed} failed ({detail})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
