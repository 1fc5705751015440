"""The browser check of the built documentation, run by ``docs/check_site.py``.

Each module holds the JavaScript that finds one kind of problem a reader
would see in an open page (its ``PROBE``, a function of the options that
returns ``[kind, message]`` pairs), or the Python that serves the site and
drives the browser:

- :mod:`_check.page`: helpers shared by the probes, and the script that
  runs them all in a page;
- :mod:`_check.layout`: tables wider than the desktop column, empty
  sidebars, titles and contents entries beyond their column;
- :mod:`_check.markup`: Markdown or reStructuredText left as text;
- :mod:`_check.formulas`: formulas not typeset, MathJax errors, undefined
  macros, TeX left as text;
- :mod:`_check.overflow`: content wider than its scroll container with no
  scrollbar of its own, a column or the page scrolling sideways;
- :mod:`_check.clipping`: text clipped in its box (ellipsis, hidden
  overflow, a clamped height);
- :mod:`_check.words`: a word or identifier broken across two lines;
- :mod:`_check.reprs`: Python reprs printed by the examples;
- :mod:`_check.images`: images not loaded, too small to read, upscaled;
- :mod:`_check.site`: the local server and the browser run.
"""
