"""Markdown or reStructuredText left as text in the rendered page.

Markup that a writer meant and the build did not understand (Markdown in
a reST page, a typo in reST) reaches the reader as raw characters. The
text of each block (paragraph, list item, cell, term, caption, title) is
read with its code, literals and formulas replaced by one placeholder
character: they show source text on purpose. Sphinx's own markup errors
(``problematic`` and ``system-message`` nodes, which the build reports
as warnings) are reported too.
"""

import json

# Sphinx turns "---" into an em dash and "--" into an en dash: a
# Markdown table's "---|---" row reaches the page as "—|—".
_DASHES = r"(?:-{3,}|[\u2013\u2014][-\u2013\u2014]*)"
_END = r"(?=$|[\s).,;:!?'\"\u2019\u201d\]])"
_START = r"(?:^|[\s(\[\"'\u2018\u201c])"
RULES = [
    (
        "a Markdown table",
        rf"(?:^|\n)[ \t]*\|?[ \t]*:?{_DASHES}:?[ \t]*"
        rf"(?:\|[ \t]*:?{_DASHES}:?[ \t]*)+\|?[ \t]*(?:\n|$)",
    ),
    ("a Markdown table", r"(?:^|\n)[ \t]*\|[^|\n]+\|[^|\n]*\|[ \t]*(?:\n|$)"),
    ("a Markdown link", r"\[[^\[\]\n]+\]\([^()\s]+\)"),
    ("a Markdown heading", r"(?:^|\n)[ \t]*#{1,6}[ \t]+\S"),
    ("a reST link", r"`[^`\n]+<[^<>\n]+>`_{1,2}"),
    ("a reST role", r":[A-Za-z][\w+.-]*:`[^`\n]*`"),
    ("a reST or Markdown literal", r"``[^`\n]+``|`[^`\n]+`"),
    ("a reST directive", r"(?:^|\n)[ \t]*\.\. [\w:-]+::"),
    # No end condition: "**word**text" is not bold in reST either.
    ("bold markers", rf"{_START}(\*\*|__)(?=[^\s*_])[^\n]*?[^\s*_\\]\1(?![*_])"),
    ("emphasis markers", rf"{_START}\*(?=[^\s*])[^*\n]*?[^\s*\\]\*{_END}"),
    ("emphasis markers", rf"{_START}_(?=[^\s_])[^_\n]*?[^\s_]_{_END}"),
]


def _rules_js():
    return json.dumps([[label, pattern] for label, pattern in RULES])


PROBE = r"""
async () => {
  const found = [];
  const rules = RULES.map(([label, source]) => [label, new RegExp(source)]);
  const BLOCK = "p, li, dd, dt, td, th, caption, figcaption, h1, h2, h3, h4, "
    + "h5, h6, blockquote, div, section, article, nav, footer, header, body";
  const PLACEHOLDER = "\uFFFC";
  const texts = new Map();
  for (const node of textNodes(document.body, "script, style")) {
    const parent = node.parentElement;
    const block = parent.closest(BLOCK);
    const before = texts.get(block) ?? "";
    const text = parent.closest(CODE) ? PLACEHOLDER : node.textContent;
    if (!(text === PLACEHOLDER && before.endsWith(PLACEHOLDER))) {
      texts.set(block, before + text);
    }
  }
  for (const [block, text] of texts) {
    for (const [label, rule] of rules) {
      const match = rule.exec(text);
      if (!match) continue;
      const start = Math.max(0, match.index - 25);
      const excerpt = text.slice(start, match.index + match[0].length + 25);
      found.push(["markup", `${label} left as text in ${describe(block)}: `
        + short(excerpt.replaceAll(PLACEHOLDER, "\u2026"), 120)]);
      break;
    }
  }
  for (const el of document.querySelectorAll(".problematic, .system-message")) {
    found.push(["markup", "reST error in the page: " + short(el.textContent)]);
  }
  return found;
}
""".replace("RULES", _rules_js())
