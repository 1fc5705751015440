"""Images: not loaded, shown too small to read, or upscaled.

The smallest text of a figure is 10 pt (matplotlib's smallest default
size, which the gallery and the benchmark figures keep): 10/72 of an inch,
so 13.9 px in a PNG saved at 100 dpi and 27.8 px at 200 dpi. Shown below
``MIN_TEXT_PX`` CSS px, the smallest commonly held legible on a screen,
it makes the reader zoom: at 100 dpi below 0.65 of the image's natural
width, at 200 dpi (a figure for 2x screens) below 0.32. The resolution is
read from the PNG's ``pHYs`` chunk, which matplotlib writes; an image
without one is taken to be at 100 dpi, the gallery's default. Thumbnails
are pictures of a figure, not meant to be read, and are exempt, and so,
at phone width, is a figure that links to its full-size image (a tap
opens it legible; reported as a note). At desktop
width a figure must also fit its column.

An image shown wider, in device pixels (CSS pixels times the device
pixel ratio), than the widest version it offers (``src`` or any ``srcset``
candidate) is upscaled: blurred. The check runs at a device pixel ratio
of 1; an image that a 2x screen would upscale is reported as a note, not
a failure.
"""

# The smallest text a reader can read without zooming, in CSS px, and the
# smallest text of a figure, in points.
MIN_TEXT_PX = 9
TEXT_PT = 10
# The resolution of a PNG that does not state its own.
DEFAULT_DPI = 100

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
  // The resolution a PNG states in its pHYs chunk, or null.
  const dpiOf = async (url) => {
    try {
      const bytes = new DataView(await (await fetch(url)).arrayBuffer());
      if (bytes.getUint32(0) !== 0x89504e47) return null;
      // After the 8-byte signature, chunks: length, type, data, checksum.
      for (let at = 8; at + 8 <= bytes.byteLength;) {
        const length = bytes.getUint32(at);
        const type = String.fromCharCode(
          ...[4, 5, 6, 7].map((i) => bytes.getUint8(at + i)));
        if (type === "pHYs" && bytes.getUint8(at + 16) === 1) {
          return bytes.getUint32(at + 8) * 0.0254;
        }
        if (type === "IDAT") return null;
        at += 12 + length;
      }
    } catch (error) {
      return null;
    }
    return null;
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
    const dpi = (await dpiOf(img.currentSrc)) ?? opts.defaultDpi;
    const text = opts.textPt / 72 * dpi * scale;
    // On a phone a figure may be smaller than legible when a tap opens it
    // at full size (a link to an image): a note, not a failure.
    const zoomable = !opts.desktop && img.closest("a[href$='.png'], "
      + "a[href$='.jpg'], a[href$='.svg']") !== null;
    if (text < opts.minTextPx - 0.05) {
      const kind = zoomable ? "note" : "image";
      found.push([kind, `image shown at ${scale.toFixed(2)} of its size `
        + `(${Math.round(shown)} of ${img.naturalWidth} px at ${Math.round(dpi)} `
        + `dpi: ${opts.textPt}-pt text ${text.toFixed(1)} CSS px): ${name}`]);
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
