"""Serve a built site on 127.0.0.1 and run every probe on its pages.

Chromium, driven by Playwright, opens each page at each viewport width as
a reader without internet would: requests to any other host are refused
and reported, as are console errors, uncaught exceptions and failed
requests. The probes of :mod:`_check.page` then report what a reader
would see wrong.
"""

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from . import clipping, formulas, images, layout, markup, overflow, page, reprs, words

# Narrowest viewport still laid out as a desktop (pydata theme's breakpoint
# for the sidebars is 960 px): there, tables and figures must fit.
DESKTOP_MIN_WIDTH = 960
PROBES = [
    ("layout", layout.PROBE),
    ("markup", markup.PROBE),
    ("formulas", formulas.PROBE),
    ("overflow", overflow.PROBE),
    ("clipping", clipping.PROBE),
    ("words", words.PROBE),
    ("reprs", reprs.PROBE),
    ("images", images.PROBE),
]
PAGE_SCRIPT = page.script(PROBES)
# Waits for the page to settle as PAGE_SCRIPT does, and probes nothing.
SETTLE_SCRIPT = page.script([])
# Kinds reported for information only: they do not fail the check.
NOTES = {"note"}
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
# Playwright starts headless Chromium with --hide-scrollbars; the check
# needs the scrollbars a reader's desktop browser draws under a box that
# scrolls. The page's own scrollbar is hidden, as on a phone, so that the
# page is laid out at the full width of the viewport.
IGNORED_DEFAULT_ARGS = ["--hide-scrollbars"]
_NO_PAGE_SCROLLBAR = """
document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "html { scrollbar-width: none !important; }";
  document.head.append(style);
});
"""


class Finding(NamedTuple):
    """One problem: where (page and viewport width), what kind, and what."""

    page: str
    width: int
    kind: str
    message: str


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory):
    """Serve ``directory`` on 127.0.0.1 on a free port; return the server.

    Parameters
    ----------
    directory : path-like
        The root of the site.

    Returns
    -------
    http.server.ThreadingHTTPServer
        Serving from a daemon thread; call ``shutdown()`` when done. Its
        port is ``server.server_address[1]``.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def find_browser(explicit=None):
    """The Chromium executable: ``explicit`` if it exists, else from the PATH.

    Returns ``None`` when none is found.
    """
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
    index = (Path(html) / "searchindex.js").read_text()
    index = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    return [f"{name}.html" for name in sorted(index["docnames"])] + [
        "genindex.html",
        "search.html",
    ]


class _Watcher:
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

    def attach(self, context, tab):
        context.route("**/*", self.route)
        tab.on("console", self.console)
        tab.on("pageerror", self.page_error)
        tab.on("requestfailed", self.request_failed)
        tab.on("response", self.response)


# The top of a section, as a page-wide clip: from just above its title to
# its end (at most 3000 px), below the theme's sticky header.
_SECTION_BOX = """
(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  const top = Math.max(0, box.top + window.scrollY - 20);
  return [Math.floor(top), Math.ceil(Math.min(box.height + 40, 3000))];
}
"""


class Tab:
    """One browser tab at one viewport width; see :meth:`Browser.tab`."""

    def __init__(self, context, base, origin, width):
        self.width = width
        self._base = base
        self._watcher = _Watcher(origin)
        self._tab = context.new_page()
        self._watcher.attach(context, self._tab)

    def open(self, name):
        """Load page ``name`` and wait until its network is quiet."""
        self._watcher.problems = []
        self._tab.goto(f"{self._base}/{name}", wait_until="load")
        self._tab.wait_for_load_state("networkidle")

    def probe(self, name):
        """Load page ``name``, run every probe; return its findings."""
        self.open(name)
        opts = {
            "desktop": self.width >= DESKTOP_MIN_WIDTH,
            "minTextPx": images.MIN_TEXT_PX,
            "textPt": images.TEXT_PT,
            "defaultDpi": images.DEFAULT_DPI,
        }
        found = self._tab.evaluate(PAGE_SCRIPT, opts)
        # Late console messages and requests belong to this page too.
        self._tab.wait_for_timeout(100)
        found += [("load", problem) for problem in self._watcher.problems]
        return [Finding(name, self.width, kind, text) for kind, text in found]

    def height(self, name):
        """The height of page ``name`` in CSS px, once it has settled."""
        self.open(name)
        self._tab.evaluate(SETTLE_SCRIPT, {})
        return self._tab.evaluate("document.documentElement.scrollHeight")

    def screenshot(self, name, selector, path):
        """Save the section ``selector`` of page ``name`` (or its top) as PNG.

        Returns ``False`` when the section is not in the page.
        """
        self.open(name)
        self._tab.evaluate(SETTLE_SCRIPT, {})
        if selector is None:
            self._tab.screenshot(path=path)
            return True
        box = self._tab.evaluate(_SECTION_BOX, selector)
        if box is None:
            return False
        top, height = box
        # A viewport as tall as the page down to the section's end: a
        # full-page screenshot would leave out the scrollbars of the boxes
        # that scroll, which tell the reader there is more.
        viewport = self._tab.viewport_size
        self._tab.set_viewport_size({"width": self.width, "height": top + height})
        clip = {"x": 0, "y": top, "width": self.width, "height": height}
        self._tab.screenshot(path=path, clip=clip)
        self._tab.set_viewport_size(viewport)
        return True

    def close(self):
        """Close the tab and its browser context."""
        self._tab.context.close()


class Browser:
    """Chromium, with the site in ``html`` served on 127.0.0.1.

    Use as a context manager; :meth:`tab` opens a tab at one width.

    Parameters
    ----------
    html : path-like
        The root of the built site.
    executable : str
        The Chromium executable (see :func:`find_browser`).
    """

    def __init__(self, html, executable):
        self.html = Path(html)
        self.executable = executable

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self._server = serve(self.html)
        self.origin = f"127.0.0.1:{self._server.server_address[1]}"
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=self.executable,
            args=CHROMIUM_ARGS,
            ignore_default_args=IGNORED_DEFAULT_ARGS,
        )
        return self

    def __exit__(self, *exc):
        self._browser.close()
        self._playwright.stop()
        self._server.shutdown()

    def tab(self, width):
        """A :class:`Tab` with a viewport ``width`` CSS px wide, 1000 high.

        The device pixel ratio is 1; service workers are blocked, so that
        every request reaches the watcher.
        """
        context = self._browser.new_context(
            viewport={"width": width, "height": 1000},
            device_scale_factor=1,
            service_workers="block",
        )
        context.add_init_script(_NO_PAGE_SCROLLBAR)
        return Tab(context, f"http://{self.origin}", self.origin, width)

    def check(self, pages, widths):
        """Every finding of every page in ``pages`` at each of ``widths``."""
        findings = []
        for width in widths:
            tab = self.tab(width)
            for name in pages:
                findings += tab.probe(name)
            tab.close()
        return findings
