/* Figures and tables that read well on a narrow screen.
 *
 * Figures: a figure scaled down to the width of a phone's column shrinks
 * its text with it. The gallery's figures are saved at 100 dpi with text of
 * at least 10 pt (13.9 px); below MIN_SCALE of its natural width that text
 * would be smaller than 9 CSS px. Such a figure is shown at MIN_SCALE
 * instead, inside a box that scrolls sideways, so that the page itself
 * never does. docs/check_site.py checks against the same limit.
 *
 * Tables: a table with a header that is too wide for its column (the
 * benchmark results on a phone) is shown one row at a time, each row a
 * block and each cell after the name of its column (custom.css), instead
 * of being squeezed into columns a word wide.
 */
(() => {
  "use strict";
  const MIN_SCALE = 0.65;

  function boxed(img) {
    const parent = img.parentElement;
    if (parent.classList.contains("sk-figure-scroll")) return parent;
    const box = document.createElement("div");
    box.className = "sk-figure-scroll";
    parent.insertBefore(box, img);
    box.appendChild(img);
    return box;
  }

  function fitFigure(img) {
    if (!img.naturalWidth) return;
    const box = boxed(img);
    img.style.maxWidth = "";
    img.style.width = "";
    const smallest = Math.round(img.naturalWidth * MIN_SCALE);
    if (box.clientWidth < smallest) {
      img.style.maxWidth = "none";
      img.style.width = `${smallest}px`;
    }
    // Keyboard users can scroll a box that overflows.
    box.tabIndex = box.scrollWidth > box.clientWidth ? 0 : -1;
  }

  function fitFigures() {
    const figures = [...document.querySelectorAll("article img")].filter(
      (img) =>
        !img.closest(".sphx-glr-thumbcontainer") &&
        !img.getAttribute("src").endsWith(".svg"),
    );
    for (const img of figures) {
      if (img.complete) fitFigure(img);
      else img.addEventListener("load", () => fitFigure(img), { once: true });
    }
  }

  function fitTable(table) {
    const head = table.tHead;
    if (!head || !head.rows.length) return;
    table.classList.remove("sk-stacked");
    let box = table.parentElement;
    while (box.classList.contains("pst-scrollable-table-container")) {
      box = box.parentElement;
    }
    if (table.getBoundingClientRect().width <= box.clientWidth + 1) return;
    const names = [...head.rows[head.rows.length - 1].cells].map((cell) =>
      cell.textContent.trim(),
    );
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        [...row.cells].forEach((cell, i) => {
          cell.dataset.label = names[i] ?? "";
        });
      }
    }
    table.classList.add("sk-stacked");
  }

  function fitAll() {
    document.querySelectorAll("article table").forEach(fitTable);
    fitFigures();
  }

  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(fitAll, 100);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fitAll);
  } else {
    fitAll();
  }
})();
