"""The script run in each page: shared helpers, then every probe.

A probe is the source of a JavaScript function ``async (opts) => pairs``
that returns ``[kind, message]`` pairs, one per problem found. ``opts``
holds ``desktop`` (the viewport is at least ``DESKTOP_MIN_WIDTH`` wide)
and the limits of :mod:`_check.images`. The helpers below are in
scope in every probe.
"""

import json

# The helpers the probes share. "Seen" means what a reader can see:
# rendered, not transparent, not a screen reader's copy (MathJax keeps a
# MathML copy of each formula in mjx-assistive-mml, clipped to nothing).
HELPERS = r"""
const short = (s, n = 100) => s.replace(/\s+/g, " ").trim().slice(0, n);
// Text that is code or typeset math: written as the source has it.
const CODE = "script, style, noscript, template, textarea, pre, code, kbd, "
  + "samp, tt, .pre, .highlight, .sig, mjx-container, .math, .MathJax";
const UNSEEN = "mjx-assistive-mml, .visually-hidden, .sr-only, "
  + ".screen-reader-text, .headerlink";
const seen = (el) => el.getClientRects().length > 0 && !el.closest(UNSEEN)
  && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
  + [...el.classList].slice(0, 2).map((c) => "." + c).join("");
const rangeOf = (node, start = 0, end = node.textContent.length) => {
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  return range;
};
// Seen text nodes under root whose parent does not match skip.
function* textNodes(root, skip = null) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.textContent.trim()) continue;
    if ((skip && parent.closest(skip)) || !seen(parent)) continue;
    yield node;
  }
}
// The number of lines a set of client rects lies on.
const lineCount = (rects) => {
  const sorted = [...rects].filter((r) => r.width > 0)
    .sort((a, b) => a.top - b.top);
  let lines = 0;
  let bottom = -Infinity;
  for (const r of sorted) {
    if (r.top >= bottom - 1) lines += 1;
    bottom = Math.max(bottom, r.bottom);
  }
  return lines;
};
// How far the seen content of box reaches past the right (or bottom) of
// its padding box, and what reaches furthest: text if any text does (it
// names the problem better than the icon next to it), else an element.
// Nested boxes that clip or scroll count with their own box only: what
// they hold is theirs to show.
const overhang = (box, side) => {
  const outer = box.getBoundingClientRect();
  const edge = side === "right"
    ? outer.left + box.clientLeft + box.clientWidth
    : outer.top + box.clientTop + box.clientHeight;
  const clips = side === "right" ? "overflowX" : "overflowY";
  const worst = { text: [0, null], box: [0, null] };
  const visit = (el) => {
    for (const child of el.childNodes) {
      let rect = null;
      let which = "box";
      if (child.nodeType === Node.TEXT_NODE && child.textContent.trim()) {
        rect = rangeOf(child).getBoundingClientRect();
        which = "text";
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        if (child.matches(UNSEEN)) continue;
        const style = getComputedStyle(child);
        if (style.display === "none" || style.position === "fixed") continue;
        if (style[clips] === "visible") visit(child);
        rect = child.getBoundingClientRect();
        if (style.visibility === "hidden" || !rect.height) rect = null;
      }
      if (rect && rect.width > 0 && rect[side] - edge > worst[which][0]) {
        worst[which] = [rect[side] - edge, which === "text" ? el : child];
      }
    }
  };
  visit(box);
  const px = Math.max(worst.text[0], worst.box[0]);
  return [px, worst.text[0] > 1.5 ? worst.text[1] : worst.box[1]];
};
// An element as a reader would name it: a formula by its text (its glyphs
// have none), an image by its file, anything else by its text.
const named = (el) => {
  if (!el) return "";
  const math = el.closest("mjx-container");
  const text = math ? math.textContent
    : el.tagName === "IMG" ? el.getAttribute("src") : el.textContent;
  return `${describe(math || el)} "${short(text, 70)}"`;
};
// The width of an element's content box.
const contentWidth = (el) => {
  const style = getComputedStyle(el);
  return el.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
};
"""

# Before probing: every formula typeset, every image loaded and the
# page's own scripts (responsive.js) done with their load events.
SETTLE = """
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const images = [...document.querySelectorAll("img")];
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  await document.fonts.ready;
  await new Promise((resolve) => setTimeout(resolve, 100));
"""


def script(probes):
    """The source of one function that settles the page and runs ``probes``.

    Parameters
    ----------
    probes : sequence of (str, str)
        ``(name, source)`` of each probe; ``source`` is a JavaScript
        function of the options.

    Returns
    -------
    str
        An async JavaScript function of the options that returns every
        probe's ``[kind, message]`` pairs. A probe that throws reports
        its error as a problem of kind ``"probe"``: a broken probe fails
        the check instead of passing silently.
    """
    table = ",\n".join(f"[{json.dumps(name)}, {source}]" for name, source in probes)
    return f"""
async (opts) => {{
{HELPERS}
{SETTLE}
  const found = [];
  for (const [name, probe] of [{table}]) {{
    try {{
      found.push(...await probe(opts));
    }} catch (error) {{
      found.push(["probe", `${{name}} probe failed: ${{error}}`]);
    }}
  }}
  return found;
}}
"""
