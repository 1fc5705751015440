"""Images: not loaded, shown too small to read, or upscaled.

Gallery figures are saved at 100 dpi, and their smallest text is 10 pt,
13.9 px in the PNG. Shown at 0.65 of its natural size that text is
9 CSS px, the smallest commonly held legible on a screen; below that a
reader has to zoom (``MIN_SCALE``; docs/_static/responsive.js applies the
same limit). At desktop width a figure must also fit its column.

An image shown wider, in device pixels (CSS pixels times the device
pixel ratio), than the widest version it offers (``src`` or any ``srcset``
candidate) is upscaled: blurred. The check runs at a device pixel ratio
of 1; an image that a 2x screen would upscale is reported as a note, not
a failure.
"""

# The smallest scale at which a gallery figure's text stays legible.
MIN_SCALE = 0.65

PROBE = r"""
async (opts) => {
  const found = [];
  const widest = async (img) => {
    let best = img.naturalWidth;
    const urls = img.srcset.split(",").map((c) => c.trim().split(/\s+/)[0])
      .filter(Boolean);
    for (const url of urls) {
      const other = new Image();
      other.src = url;
      await other.decode().catch(() => null);
      best = Math.max(best, other.naturalWidth);
    }
    return best;
  };
  for (const img of document.querySelectorAll("img")) {
    const name = img.getAttribute("src");
    if (!img.complete || img.naturalWidth === 0) {
      found.push(["image", "image not loaded: " + name]);
      continue;
    }
    const shown = img.getBoundingClientRect().width;
    // Hidden images (the other theme's logo) are not shown at all.
    if (!img.closest("article") || shown === 0 || name.endsWith(".svg")) {
      continue;
    }
    const best = await widest(img);
    const ratio = window.devicePixelRatio;
    if (shown * ratio > best + 1) {
      found.push(["upscaled", `image upscaled: shown ${Math.round(shown)} CSS px `
        + `wide at ${ratio}x, its widest version has ${best} px: ${name}`]);
    } else if (shown * 2 > best + 1) {
      found.push(["note", "image shown wider than half its widest version, "
        + `upscaled on a 2x screen: ${name} (${best} px)`]);
    }
    // Thumbnails are pictures of a figure, not meant to be read.
    if (img.closest(".sphx-glr-thumbcontainer")) continue;
    const scale = shown / img.naturalWidth;
    if (scale < opts.minScale - 0.005) {
      found.push(["image", `image shown at ${scale.toFixed(2)} of its size `
        + `(${Math.round(shown)} of ${img.naturalWidth} px): ${name}`]);
    }
    const scroller = img.closest(".sk-figure-scroll");
    if (opts.desktop && scroller
        && scroller.scrollWidth > scroller.clientWidth + 1) {
      found.push(["image", `figure wider than the column (${img.naturalWidth} px `
        + `shown at ${Math.round(shown)}, column ${scroller.clientWidth}): `
        + name]);
    }
  }
  return found;
}
"""
