"""Tables wider than the desktop column, empty sidebars, titles cut off.

At desktop width every table must fit its column. On a phone a table
may be wider than the column if it scrolls in a box of its own with a
scrollbar: :mod:`_check.overflow` checks that.
"""

PROBE = r"""
async (opts) => {
  const found = [];
  if (opts.desktop) {
    for (const table of document.querySelectorAll("article table")) {
      let box = table.parentElement;
      while (box.classList.contains("pst-scrollable-table-container")) {
        box = box.parentElement;
      }
      const room = contentWidth(box);
      const width = table.getBoundingClientRect().width;
      if (width > room + 1) {
        found.push(["table", `table wider than its column (${Math.round(width)}`
          + ` > ${Math.round(room)} px): ` + short(table.textContent)]);
      }
    }
  }
  for (const nav of document.querySelectorAll("nav.bd-docs-nav")) {
    if (!nav.querySelector("li")) {
      found.push(["nav", "empty navigation sidebar: " + short(nav.textContent)]);
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
        found.push(["clipped", "text cut off: " + short(el.textContent)]);
      }
    }
  }
  return found;
}
"""
