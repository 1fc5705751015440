"""Words and identifiers broken across two lines.

``overflow-wrap: anywhere`` (or ``break-all``) lets a narrow box break a
word anywhere: ``perturb_fractio`` on one line and ``n`` on the next,
which reads as two names. Each run of letters, digits and underscores in
the text of table cells, terms, captions, titles, literals, "See also"
entries, footer links and the page's contents is measured with
``Range.getClientRects``: lying on two lines, it was broken. In literals
a hyphen joins such runs into one word (``"sgd-backprop"`` broken after
its hyphen reads as two names); in prose a line may break after a hyphen.
A word wider than the whole column cannot be kept on one line and may
break.
"""

BOXES = (
    "article :is(td, th, dt, figcaption, caption, h1, h2, h3, h4, h5, h6, "
    "code, .pre), .prev-next-area a, .seealso, nav.page-toc a"
)

PROBE = r"""
async () => {
  const found = [];
  const nodes = new Set();
  for (const box of document.querySelectorAll("BOXES")) {
    for (const node of textNodes(box, "pre, mjx-container")) nodes.add(node);
  }
  for (const node of nodes) {
    if (lineCount(rangeOf(node).getClientRects()) < 2) continue;
    const column = node.parentElement.closest("article, nav, aside, footer, body");
    const room = contentWidth(column);
    const words = node.parentElement.closest("code, .pre, kbd, samp, tt")
      ? /[\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+)*/gu : /[\p{L}\p{N}_]{2,}/gu;
    for (const word of node.textContent.matchAll(words)) {
      const start = word.index;
      const end = start + word[0].length;
      const rects = rangeOf(node, start, end).getClientRects();
      const width = [...rects].reduce((sum, r) => sum + r.width, 0);
      if (lineCount(rects) < 2 || width > room + 1) continue;
      let cut = start + 1;
      while (cut < end && lineCount(rangeOf(node, start, cut + 1)
        .getClientRects()) < 2) cut += 1;
      const text = node.textContent;
      found.push(["broken-word", `"${text.slice(start, cut)}|${text.slice(cut, end)}"`
        + ` broken across lines in ${describe(node.parentElement)}`]);
    }
  }
  return found;
}
""".replace("BOXES", BOXES)
