"""Formulas: not typeset, typeset with errors, or TeX left as text.

MathJax shows a TeX error (a missing brace, say) as a red ``merror``
box, an undefined macro as its own name in red, and the argument of
``\\text`` character for character, so that ``\\text{fan\\_in}`` shows
its backslash. Each is read from the MathML that MathJax built for the
formula (``MathJax.startup.toMML``). Delimiters and macros outside any
formula (``$$``, ``\\(``, ``\\[``, ``\\frac``) mean that a formula was not
recognised as one.
"""

PROBE = r"""
async () => {
  const found = [];
  for (const el of document.querySelectorAll(".math")) {
    if (!el.querySelector("mjx-container")) {
      found.push(["math", "formula not typeset: " + short(el.textContent)]);
    }
  }
  const startup = window.MathJax && MathJax.startup;
  if (!startup || typeof startup.toMML !== "function") {
    // Another MathJax, or none: its error boxes are still in the page.
    for (const el of document.querySelectorAll("mjx-merror, .MathJax_Error")) {
      found.push(["math", "MathJax error: " + short(
        el.getAttribute("data-mjx-error") || el.textContent)]);
    }
  }
  const items = startup && startup.toMML && startup.document
    ? [...startup.document.math] : [];
  const textOf = (xml) => xml.replace(/<[^>]*>/g, "");
  for (const item of items) {
    const mml = MathJax.startup.toMML(item.root);
    const tex = short(item.math, 60);
    for (const m of mml.matchAll(/<merror[^>]*>([\s\S]*?)<\/merror>/g)) {
      found.push(["math", `MathJax error "${short(textOf(m[1]))}" in ${tex}`]);
    }
    for (const m of mml.matchAll(/<mtext([^>]*)>([^<]*)<\/mtext>/g)) {
      if (/mathcolor="red"/.test(m[1]) && m[2].startsWith("\\")) {
        found.push(["math", `undefined macro ${m[2]} in ${tex}`]);
      } else if (m[2].includes("\\")) {
        found.push(["math", `backslash shown in "${m[2]}" in ${tex}`]);
      }
    }
  }
  const rules = [
    /\$\$/,
    /\\(?:[A-Za-z]{2,}|[()[\]_{}^%&#$])/,
    /\$[^$\s][^$\n]*?[\\^_{][^$\n]*?\$/,
  ];
  for (const node of textNodes(document.body, CODE)) {
    const text = node.textContent;
    const rule = rules.find((r) => r.test(text));
    if (rule) {
      const at = text.search(rule);
      found.push(["math", "TeX left as text: "
        + short(text.slice(Math.max(0, at - 30), at + 60))]);
    }
  }
  return found;
}
"""
