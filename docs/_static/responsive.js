/* Pages that read well on a narrow screen (with custom.css).
 *
 * Long words: a literal or a name such as
 * ``sklearn.neural_network.MLPClassifier`` is one unbreakable word; it gets
 * break opportunities (<wbr>) after its dots, slashes, opening brackets,
 * commas and "=", so that it wraps there instead of running off the page
 * or being clipped. Words shorter than MIN_BREAKABLE are left whole.
 *
 * Wide tables and formulas: they scroll sideways inside their own box
 * (custom.css). A shadow on the side that has more to see tells a reader
 * that the box scrolls, also where the browser hides its scrollbars. A
 * table that scrolls gets room for the sentences in its cells.
 *
 * Figures: they scale down to the column (custom.css); each becomes a link
 * to its full-size image, to be read closely on a phone.
 */
(() => {
  "use strict";
  // A shorter literal fits any column; breaking it would only look odd.
  const MIN_BREAKABLE = 20;
  const LONG_WORD = new RegExp(`\\S{${MIN_BREAKABLE}}`);
  // Not before a closing bracket or quote: "f()" stays whole.
  const BREAK_AFTER = /([./(,=])(?=[^)\]}"'])/g;

  // The pieces of a text after each of which a line may break: after each
  // separator of its long words, nowhere in its short ones.
  function pieces(text) {
    const out = [""];
    for (const word of text.split(/(\s+)/)) {
      const parts = word.length < MIN_BREAKABLE ? [word] : word.split(BREAK_AFTER);
      // split() with a capturing group alternates text and separators.
      for (let i = 0; i < parts.length; i += 2) {
        out[out.length - 1] += parts[i] + (parts[i + 1] ?? "");
        if (i + 2 < parts.length) out.push("");
      }
    }
    return out;
  }

  // A literal's word is a span.pre that the theme keeps on one line
  // (white-space: nowrap, which also keeps "--task" or "sgd-backprop"
  // whole): it becomes several such spans with a <wbr> between them.
  // Elsewhere (a dotted name as plain text) the <wbr>s go into the text.
  function addBreaks(node) {
    const parts = pieces(node.textContent);
    if (parts.length < 2) return;
    const span = node.parentElement;
    const nodes = [];
    parts.forEach((part, i) => {
      if (i) nodes.push(document.createElement("wbr"));
      if (span.matches(".pre")) {
        const copy = span.cloneNode(false);
        copy.textContent = part;
        nodes.push(copy);
      } else {
        nodes.push(part);
      }
    });
    (span.matches(".pre") ? span : node).replaceWith(...nodes);
  }

  // Titles and signatures may break anywhere (custom.css), which splits a
  // short literal such as "1e-08" or "n_samples" when it reaches the end of
  // a line: a short one is kept whole, and a title's dotted name gets its
  // break points after the dots.
  function keepShortWordsWhole() {
    const titles = ".bd-article :is(h1, h2, h3, dt.sig)";
    for (const span of document.querySelectorAll(`${titles} .pre`)) {
      if (span.textContent.length < MIN_BREAKABLE) {
        span.style.whiteSpace = "nowrap";
      }
    }
    for (const title of document.querySelectorAll(".bd-article :is(h1, h2, h3)")) {
      const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
      const dotted = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (/\w\.\w/.test(node.textContent) && !node.parentElement.matches(".pre")) {
          dotted.push(node);
        }
      }
      for (const node of dotted) {
        const parts = node.textContent.split(/(?<=\.)(?=\w)/);
        const nodes = parts.flatMap((part, i) =>
          i ? [document.createElement("wbr"), part] : [part]);
        node.replaceWith(...nodes);
      }
    }
  }

  function breakLongWords() {
    const skip = "h1, h2, h3, dt.sig, pre, .math, mjx-container, script, style";
    const article = document.querySelector("article");
    if (!article) return;
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    const long = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (
        LONG_WORD.test(node.textContent) &&
        !node.parentElement.closest(skip) &&
        (!node.parentElement.matches(".pre") ||
          node.parentElement.childNodes.length === 1)
      ) {
        long.push(node);
      }
    }
    long.forEach(addBreaks);
  }

  function updateCue(scroller, host) {
    const room = scroller.scrollWidth - scroller.clientWidth;
    const left = scroller.scrollLeft;
    host.classList.toggle("sk-more-left", room > 1 && left > 1);
    host.classList.toggle("sk-more-right", room > 1 && left < room - 1);
    // Keyboard users can scroll a box that overflows.
    if (room > 1) scroller.tabIndex = 0;
  }

  function watchScroller(scroller, host) {
    host.classList.add("sk-scroll-cue");
    if (!scroller.dataset.skCue) {
      scroller.dataset.skCue = "1";
      scroller.addEventListener("scroll", () => updateCue(scroller, host), {
        passive: true,
      });
    }
    updateCue(scroller, host);
  }

  // A table squeezed to its narrowest gives a column of sentences a word's
  // width and rows a screen tall. One that scrolls anyway is made this
  // much wider, room that the browser gives mostly to its longest texts.
  const PROSE_ROOM = 240;
  const PROSE_LENGTH = 80;

  function roomForProse(table, box) {
    table.style.minWidth = "";
    const squeezed = table.getBoundingClientRect().width;
    const prose = [...table.querySelectorAll("td")].some(
      (cell) => cell.textContent.length > PROSE_LENGTH,
    );
    if (prose && squeezed > box.clientWidth + 1) {
      table.style.minWidth = `${Math.round(squeezed + PROSE_ROOM)}px`;
    }
  }

  function cueTables() {
    const boxes = "article .pst-scrollable-table-container";
    for (const box of document.querySelectorAll(boxes)) {
      const table = box.querySelector("table");
      if (table) roomForProse(table, box);
      let host = box.parentElement;
      if (!host.classList.contains("sk-scroll-cue")) {
        host = document.createElement("div");
        box.parentElement.insertBefore(host, box);
        host.appendChild(box);
      }
      watchScroller(box, host);
    }
  }

  function cueFormulas() {
    const formulas = 'article div.math > mjx-container[display="true"]';
    for (const formula of document.querySelectorAll(formulas)) {
      watchScroller(formula, formula.parentElement);
    }
  }

  function linkFigures() {
    const figures = [...document.querySelectorAll("article img")].filter(
      (img) =>
        !img.closest("a, .sphx-glr-thumbcontainer") &&
        !img.getAttribute("src").endsWith(".svg"),
    );
    for (const img of figures) {
      // The largest image of a srcset is the last one sphinx-gallery lists.
      const sources = (img.getAttribute("srcset") || "").split(",");
      const largest = sources.at(-1).trim().split(/\s+/)[0];
      const link = document.createElement("a");
      link.className = "sk-figure-link";
      link.href = largest || img.getAttribute("src");
      img.parentElement.insertBefore(link, img);
      link.appendChild(img);
    }
  }

  function cueAll() {
    cueTables();
    cueFormulas();
  }

  function start() {
    keepShortWordsWhole();
    breakLongWords();
    linkFigures();
    cueAll();
    // Formulas are typeset after the page has loaded.
    if (window.MathJax?.startup?.promise) {
      MathJax.startup.promise.then(cueFormulas);
    }
  }

  let pending = null;
  // Fonts and images loaded late can change what overflows.
  window.addEventListener("load", cueAll);
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(cueAll, 100);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
