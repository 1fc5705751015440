"""Content wider than the box it sits in, where the reader cannot see it.

Every seen element that clips or scrolls sideways (``overflow-x`` other
than ``visible``) and holds content reaching past its right edge is one
of:

- clipped (``hidden`` or ``clip``): the rest cannot be seen at all;
- a column of the page's layout (the pydata theme's article container
  scrolls by itself): the whole text column slides sideways, a scrollbar,
  if any, sits at the end of the article, and the page's width looks fine;
- a box of its own (a code block, a formula, a table's scroll container)
  with no scrollbar to show that there is more: ``scrollbar-width: none``,
  or a scrollbar styled away.

A box of its own with a scrollbar is fine: that is how wide code blocks,
formulas and, on a phone, tables are meant to be read. The scrollbars are
the ones a desktop browser draws (the check runs Chromium with them
shown; Playwright hides them by default). Phones and some desktops draw
a scrollbar only while the box scrolls: a box other than a code block
that scrolls sideways (a formula, a figure, a table) is listed as a note,
which does not fail the check.

What counts as content is what is seen: text, and the boxes of elements
that are shown, without descending into a nested box that clips or
scrolls (that box is checked in its turn) and without screen-reader-only
copies (MathJax's MathML, which is wider than the formula drawn).
Finally the page itself must not scroll sideways.

The theme's breadcrumbs are exempt: they shorten a long page title with
an ellipsis on purpose, and the title is shown in full just below.
"""

# The theme's columns: one scrolling is the whole text moving sideways.
LAYOUT = (
    "html, body, .bd-page-width, .bd-container, .bd-container__inner, "
    ".bd-main, .bd-content, .bd-article-container, .bd-article, article, "
    "main, .bd-header-article, .bd-footer-article, .bd-footer, .bd-header"
)

PROBE = r"""
async () => {
  const found = [];
  const LAYOUT = "LAYOUT_SELECTOR";
  for (const box of document.querySelectorAll("body *")) {
    if (box.scrollWidth <= box.clientWidth + 1 || !box.clientWidth) continue;
    const style = getComputedStyle(box);
    if (style.overflowX === "visible" || !seen(box)) continue;
    if (box.closest(".bd-breadcrumbs")) continue;
    const [px, culprit] = overhang(box, "right");
    if (px <= 1.5) continue;
    const by = `${Math.round(px)} px`;
    if (["hidden", "clip"].includes(style.overflowX)) {
      found.push(["clipped", `${by} cut off at the right of ${describe(box)}: `
        + named(culprit)]);
    } else if (box.matches(LAYOUT)) {
      found.push(["overflow", `the column ${describe(box)} scrolls sideways `
        + `by ${by}: ` + named(culprit)]);
    } else {
      const bar = box.offsetHeight - box.clientHeight
        - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
      if (bar < 1 || style.scrollbarWidth === "none") {
        found.push(["overflow", `${describe(box)} scrolls sideways by ${by} `
          + "with no scrollbar: " + named(culprit)]);
      } else if (!box.matches("pre, .highlight, .highlight *")) {
        const where = `${location.pathname.slice(1)} at ${window.innerWidth} px`;
        found.push(["note", "scrolls sideways in its own box, with a "
          + `scrollbar only where the browser draws one: ${where}: `
          + `${describe(box)} by ${by}, ${named(culprit)}`]);
      }
    }
  }
  const page = document.documentElement.scrollWidth - window.innerWidth;
  if (page > 1) {
    found.push(["overflow", `the page scrolls sideways by ${page} px`]);
  }
  return found;
}
""".replace("LAYOUT_SELECTOR", LAYOUT)
