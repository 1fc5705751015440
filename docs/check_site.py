"""Open every page of the built documentation in a headless browser.

``make docs-check`` runs this after ``make docs``. The site in
``docs/_build/html`` is served on 127.0.0.1 only, and Chromium, driven by
Playwright, opens each page at a desktop and a phone width, as a reader
without internet would. A page fails on:

- a console error or an uncaught exception;
- a request that fails or returns an error status, and any request to a host
  other than the local server (there is no network: the site must carry
  everything it needs);
- raw LaTeX in the rendered text (``\\(`` or ``\\[``), or a formula that the
  math renderer did not typeset;
- a table wider than the column it sits in, a page that scrolls sideways,
  a title or table-of-contents entry cut off, an empty navigation sidebar;
- an image that did not load, or a figure shown below ``MIN_SCALE`` of its
  natural size; at desktop width also a figure that does not fit the column.

Screenshots of the user guide's losses section, the benchmark results and a
class page at each width go to ``docs/_build/check/`` (not committed).

Playwright comes from PyPI (the ``docs-check`` extra); its own browser
download is not used: it drives the system's Chromium (Debian's
``chromium`` package), found on the ``PATH`` or given by ``--browser``.
"""

import argparse
import functools
import http.server
import json
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

DOCS = Path(__file__).resolve().parent
WIDTHS = (1400, 400)
# Narrowest viewport still laid out as a desktop (pydata theme's breakpoint
# for the sidebars is 960 px): there, every figure must fit its column.
DESKTOP_MIN_WIDTH = 960
# Gallery figures are saved at 100 dpi, and their smallest text is 10 pt,
# 13.9 px in the PNG. Shown at 0.65 of its natural size that text is
# 9 CSS px, the smallest commonly held legible on a screen; below that a
# reader has to zoom. docs/_static/responsive.js applies the same limit.
MIN_SCALE = 0.65
SCREENSHOTS = {
    "user_guide_losses": ("user_guide.html", "section#losses"),
    "benchmarks_results": ("benchmarks.html", "section#results"),
    "class_page": ("generated/sk_hillclimb.HillClimbMLPClassifier.html", None),
}
CHROMIUM_ARGS = [
    # Root in a container: Chromium's sandbox needs user namespaces.
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium calls home at start-up (updates, sync, field
    # trials), which an offline machine refuses, noisily.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Runs in the page; returns what a reader would see wrong.
PAGE_PROBE = """
async ([minScale, desktop]) => {
  const problems = [];
  const short = (s) => s.replace(/\\s+/g, " ").trim().slice(0, 80);
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  for (const el of document.querySelectorAll(".math")) {
    if (!el.querySelector("mjx-container")) {
      problems.push("formula not typeset: " + short(el.textContent));
    }
  }
  const skip = "script, style, pre, code, textarea, mjx-container";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if ((text.includes("\\\\(") || text.includes("\\\\["))
        && !node.parentElement.closest(skip)) {
      problems.push("raw LaTeX in the text: " + short(text));
    }
  }
  for (const table of document.querySelectorAll("article table")) {
    let box = table.parentElement;
    while (box.classList.contains("pst-scrollable-table-container")) {
      box = box.parentElement;
    }
    const style = getComputedStyle(box);
    const room = box.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight);
    const width = table.getBoundingClientRect().width;
    if (width > room + 1) {
      problems.push(`table wider than its column (${Math.round(width)} > `
        + `${Math.round(room)} px): ` + short(table.textContent));
    }
  }
  for (const nav of document.querySelectorAll("nav.bd-docs-nav")) {
    if (!nav.querySelector("li")) {
      problems.push("empty navigation sidebar: " + short(nav.textContent));
    }
  }
  const columns = [
    ["article :is(h1, h2, h3, dt.sig)", "article"],
    ["nav.page-toc :is(a, code)", ".bd-sidebar-secondary"],
  ];
  for (const [selector, column] of columns) {
    for (const el of document.querySelectorAll(selector)) {
      if (!el.getClientRects().length) continue;
      const limit = el.closest(column).getBoundingClientRect().right;
      if (el.getBoundingClientRect().right > limit + 1
          || (el.clientWidth && el.scrollWidth > el.clientWidth + 1)) {
        problems.push("text cut off: " + short(el.textContent));
      }
    }
  }
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  if (overflow > 1) {
    problems.push(`the page scrolls sideways by ${overflow} px`);
  }
  const images = [...document.querySelectorAll("img")];
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  // Let the page's own scripts (responsive.js) handle the load events.
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const img of images) {
    const name = img.getAttribute("src");
    if (!img.complete || img.naturalWidth === 0) {
      problems.push("image not loaded: " + name);
      continue;
    }
    const shown = img.getBoundingClientRect().width;
    // Thumbnails are pictures of a figure, not meant to be read; hidden
    // images (the other theme's logo) are not shown at all.
    if (!img.closest("article") || img.closest(".sphx-glr-thumbcontainer")
        || shown === 0 || name.endsWith(".svg")) {
      continue;
    }
    const scale = shown / img.naturalWidth;
    if (scale < minScale - 0.005) {
      problems.push(`image shown at ${scale.toFixed(2)} of its size `
        + `(${Math.round(shown)} of ${img.naturalWidth} px): ${name}`);
    }
    const scroller = img.closest(".sk-figure-scroll");
    if (desktop && scroller && scroller.scrollWidth > scroller.clientWidth + 1) {
      problems.push(`figure wider than the column (${img.naturalWidth} px `
        + `shown at ${Math.round(shown)}, column ${scroller.clientWidth}): `
        + name);
    }
  }
  return problems;
}
"""


SECTION_BOX = """
(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  const top = Math.max(0, box.top + window.scrollY - 20);
  return [top, Math.min(box.height + 40, 3000)];
}
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory):
    """Serve ``directory`` on 127.0.0.1 on a free port; return the server."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def find_browser(explicit):
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def list_pages(html):
    """Every page of the last build, relative to the site's root.

    The pages are read from the search index, which lists the documents of
    the last build, so that pages left over from earlier builds (Sphinx
    never deletes them) are not checked.
    """
    index = (html / "searchindex.js").read_text()
    index = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    return [f"{name}.html" for name in sorted(index["docnames"])] + [
        "genindex.html",
        "search.html",
    ]


class PageWatcher:
    """Collects what goes wrong while the current page loads."""

    def __init__(self, origin):
        self.origin = origin
        self.problems = []

    def route(self, route):
        url = route.request.url
        if urlsplit(url).netloc == self.origin:
            route.continue_()
        else:
            self.problems.append(f"request to a non-local host: {url[:100]}")
            route.abort()

    def console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text[:200]}")

    def page_error(self, error):
        self.problems.append(f"uncaught exception: {str(error)[:200]}")

    def request_failed(self, request):
        if urlsplit(request.url).netloc == self.origin:
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def check_width(browser, base, origin, pages, width, shots):
    """Load every page at one viewport width; return {page: [problems]}."""
    watcher = PageWatcher(origin)
    context = browser.new_context(
        viewport={"width": width, "height": 1000}, service_workers="block"
    )
    context.route("**/*", watcher.route)
    page = context.new_page()
    page.on("console", watcher.console)
    page.on("pageerror", watcher.page_error)
    page.on("requestfailed", watcher.request_failed)
    page.on("response", watcher.response)
    failures = {}
    for name in pages:
        watcher.problems = []
        page.goto(f"{base}/{name}", wait_until="load")
        page.wait_for_load_state("networkidle")
        found = page.evaluate(PAGE_PROBE, [MIN_SCALE, width >= DESKTOP_MIN_WIDTH])
        # Late console messages and requests belong to this page too.
        page.wait_for_timeout(100)
        if problems := watcher.problems + found:
            failures[name] = problems
    for label, (name, selector) in SCREENSHOTS.items():
        page.goto(f"{base}/{name}", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate(PAGE_PROBE, [MIN_SCALE, False])
        path = shots / f"{label}_{width}.png"
        if selector:
            # The whole width of the page, from just above the section to
            # its end: what a reader scrolling through it sees, sidebars
            # included, without the sticky header covering it.
            top, height = page.evaluate(SECTION_BOX, selector)
            clip = {"x": 0, "y": top, "width": width, "height": height}
            page.screenshot(path=path, full_page=True, clip=clip)
        else:
            page.screenshot(path=path)
    context.close()
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=DOCS / "_build" / "html")
    parser.add_argument("--screenshots", type=Path, default=DOCS / "_build" / "check")
    parser.add_argument("--browser", help="Chromium executable (default: PATH)")
    parser.add_argument(
        "--skip-without-browser",
        action="store_true",
        help="exit 0 with a SKIPPED message when no browser can be run",
    )
    args = parser.parse_args(argv)

    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = 'Playwright is not installed (pip install ".[docs-check]")'
    browser_path = find_browser(args.browser)
    if browser_path is None:
        missing = "no Chromium found (apt-get install chromium, or --browser PATH)"
    if missing:
        print(f"docs check SKIPPED: {missing}")
        return 0 if args.skip_without_browser else 2
    if not (args.html / "index.html").is_file():
        print(f"no site in {args.html}: run make docs first", file=sys.stderr)
        return 2

    pages = list_pages(args.html)
    args.screenshots.mkdir(parents=True, exist_ok=True)
    server = serve(args.html)
    origin = f"127.0.0.1:{server.server_address[1]}"
    failures = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=browser_path, args=CHROMIUM_ARGS
            )
            for width in WIDTHS:
                found = check_width(
                    browser, f"http://{origin}", origin, pages, width, args.screenshots
                )
                for name, problems in found.items():
                    failures[f"{name} at {width} px"] = problems
            browser.close()
    finally:
        server.shutdown()

    for where, problems in failures.items():
        print(f"FAIL {where}")
        for problem in dict.fromkeys(problems):
            print(f"    {problem}")
    n_problems = sum(len(dict.fromkeys(p)) for p in failures.values())
    widths = " and ".join(f"{w} px" for w in WIDTHS)
    loads = len(pages) * len(WIDTHS)
    print(
        f"{len(pages)} pages checked at {widths} with {Path(browser_path).name}, "
        f"{n_problems} problems; screenshots in {args.screenshots}"
    )
    # One line per page load, in the form CI logs are read for.
    print(f"docs-check: {loads - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
