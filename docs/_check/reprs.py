"""Python reprs that an example printed by accident.

The last expression of a gallery cell is printed: a cell ending in
``plt.legend()`` or ``ax.set_title(...)`` shows
``<matplotlib.legend.Legend object at 0x…>`` or ``Text(0.5, 1.0, '…')``
in its output block (``.sphx-glr-script-out``). Those output blocks, and
all other text of the page, code included, are searched for such reprs.
"""

import json

PATTERNS = [
    r"<[\w.]+(?: [\w.]+)* object at 0x[0-9a-fA-F]+>",
    r"<matplotlib\.[^>\n]*>",
    r"<(?:Axes|Figure|[A-Za-z]*Container)[ :][^>\n]*>",
    r"(?:^|[\[\s(,])(?:Text|Line2D|Annotation)\(-?[\d.]+, -?[\d.]+[,)]",
]

PROBE = r"""
async () => {
  const found = [];
  const patterns = PATTERNS.map((source) => new RegExp(source));
  const texts = [];
  for (const pre of document.querySelectorAll("pre")) {
    if (seen(pre)) texts.push([pre, pre.textContent]);
  }
  for (const node of textNodes(document.body, "script, style, pre")) {
    texts.push([node.parentElement, node.textContent]);
  }
  for (const [el, text] of texts) {
    for (const pattern of patterns) {
      const match = pattern.exec(text);
      if (!match) continue;
      const where = el.closest(".sphx-glr-script-out")
        ? "in an example's output" : `in ${describe(el)}`;
      found.push(["repr", `Python repr ${where}: ${short(match[0], 120)}`]);
      break;
    }
  }
  return found;
}
""".replace("PATTERNS", json.dumps(PATTERNS))
