"""Text clipped at the bottom of its box.

A box of fixed or limited height with ``overflow: hidden`` (or a
``-webkit-line-clamp``) hides the lines that do not fit: a caption, a
"See also" entry or a footer link then ends mid-sentence. Text clipped
at the right, with or without an ellipsis, is reported by
:mod:`_check.overflow`, which looks at every box that clips sideways.
Boxes of no height (a collapsed section) are hidden on purpose.
"""

PROBE = r"""
async () => {
  const found = [];
  for (const box of document.querySelectorAll("body *")) {
    if (box.scrollHeight <= box.clientHeight + 1 || !box.clientHeight) continue;
    const style = getComputedStyle(box);
    if (!["hidden", "clip"].includes(style.overflowY) || !seen(box)) continue;
    const [px, culprit] = overhang(box, "bottom");
    if (px > 1.5) {
      found.push(["clipped", `${Math.round(px)} px cut off at the bottom of `
        + `${describe(box)}: ` + named(culprit)]);
    }
  }
  return found;
}
"""
