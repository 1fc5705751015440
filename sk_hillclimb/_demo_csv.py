"""The demo's reader of a user's CSV file: delimiter, target, task, features.

:func:`load_csv` turns a CSV file with a header line into features, a target
and the task (classification or regression); :meth:`CsvData.preprocessor`
is the pipeline step that imputes, scales and one-hot encodes the features
inside each fit, so that the test rows never inform the training.
"""

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

#: Cells read as missing, compared after stripping and lower-casing.
MISSING = frozenset({"", "na", "n/a", "nan", "null"})
#: The delimiters that are sniffed; ``--delimiter`` accepts any character.
DELIMITERS = ",;\t"
#: ``--task auto`` calls whole numbers a class label when there are at most
#: this many distinct values ...
MAX_AUTO_CLASSES = 20
#: ... and at least this many rows per distinct value (two values always do).
ROWS_PER_CLASS = 5
#: A classification target with more classes than this is refused.
MAX_CLASSES = 50
TASKS = ("auto", "classification", "regression")

# A number with a decimal comma, as ";"-separated files write them: 1,5 -1,25
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")


class DemoError(Exception):
    """A problem with the user's input, reported as one line."""


@dataclass
class CsvData:
    """A CSV file read for the demo.

    Attributes
    ----------
    X : ndarray of shape (n_rows, n_features)
        float64 with NaN for missing cells, or object when a column holds
        text (its cells are str or NaN, the numeric ones float).
    y : ndarray of shape (n_rows,)
        str labels for classification, float64 targets for regression.
    task : {"classification", "regression"}
    reason : str
        Why this task, for the progress line.
    columns : list of str
        The names of the feature columns.
    text_columns : list of int
        Indices into ``columns`` of the columns one-hot encoded.
    delimiter : str
    warnings : list of str
        What the reader changed in the data (rows dropped, cells imputed,
        empty columns ignored), for stderr.
    """

    X: np.ndarray
    y: np.ndarray
    task: str
    reason: str
    columns: list
    text_columns: list
    delimiter: str
    warnings: list = field(default_factory=list)

    def preprocessor(self):
        """Unfitted ColumnTransformer: numbers imputed by the median and
        standardised, text one-hot encoded (missing text is a category of
        its own, a category unseen in training encodes as all zeros)."""
        text = self.text_columns
        numbers = [j for j in range(len(self.columns)) if j not in text]
        steps = []
        if numbers:
            scale = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
            steps.append(("numbers", scale, numbers))
        if text:
            encode = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
            steps.append(("text", encode, text))
        return ColumnTransformer(steps)

    def describe(self):
        """One line: rows, features, classes or regression, and why."""
        n = len(self.columns)
        features = f"{n} feature" + "s" * (n != 1)
        if self.text_columns:
            features += f" ({len(self.text_columns)} text, one-hot encoded)"
        if self.task == "classification":
            what = f"{len(np.unique(self.y))} classes; classification"
        else:
            what = "regression, scored by R^2"
        return f"{len(self.y)} rows, {features}, {what} ({self.reason})"


def load_csv(path, target=None, delimiter=None, task="auto"):
    """Read a CSV file with a header line for the demo.

    Parameters
    ----------
    path : path-like
    target : str or None
        Name of the target column; None for the last column.
    delimiter : str or None
        None to sniff one of ``,`` ``;`` tab from the start of the file.
    task : {"auto", "classification", "regression"}
        ``"auto"`` decides from the target with :func:`detect_task`.

    Returns
    -------
    CsvData

    Raises
    ------
    DemoError
        With a one-line message for anything wrong in the file.
    """
    header, cells, lines, delimiter = read_table(path, delimiter)
    t = _target_index(path, header, target, delimiter)
    target, comma = header[t], delimiter != ","
    cells, lines, warnings = _drop_missing_target(path, cells, lines, t, target)
    task, reason = detect_task(cells[:, t], task, target, comma)
    y = _target(path, cells[:, t], lines, task, target, comma)
    columns = [name for j, name in enumerate(header) if j != t]
    X, columns, text, notes = _features(
        path, np.delete(cells, t, axis=1), lines, columns, comma
    )
    return CsvData(X, y, task, reason, columns, text, delimiter, warnings + notes)


def read_table(path, delimiter=None):
    """Header, stripped cells ``(n_rows, n_columns)``, file line numbers and
    the delimiter of a CSV file; blank lines are skipped."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise DemoError(f"cannot read {path}: {reason}") from None
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines = [], []
    try:
        for row in reader:
            if row:
                rows.append([cell.strip() for cell in row])
                lines.append(reader.line_num)
    except csv.Error as error:
        raise DemoError(f"{path}, line {reader.line_num}: {error}") from None
    if len(rows) < 2:
        raise DemoError(f"{path} needs a header line and at least one data line")
    header = rows[0]
    for line, row in zip(lines[1:], rows[1:]):
        if len(row) != len(header):
            raise DemoError(
                f"{path}, line {line}: {len(row)} fields, the header has "
                f"{len(header)} (delimiter {delimiter!r}; see --delimiter)"
            )
    return header, np.array(rows[1:], dtype=str), np.array(lines[1:]), delimiter


def sniff_delimiter(text):
    """``,`` ``;`` or tab, as :class:`csv.Sniffer` reads the file's first
    lines; ``,`` when it cannot tell (a single column)."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def detect_task(values, task, target="y", decimal_comma=False):
    """The task and why: ``task`` unless it is ``"auto"``.

    Auto-detection calls the target a class label when it holds text, or
    whole numbers with at most :data:`MAX_AUTO_CLASSES` distinct values and
    at least :data:`ROWS_PER_CLASS` rows per value, or just two distinct
    whole numbers; any other numbers are a regression target.
    """
    if task != "auto":
        return task, "--task"
    numbers = _to_float(values, decimal_comma)
    if numbers is None:
        return "classification", f"auto: {target!r} holds text"
    n_distinct = len(np.unique(numbers))
    limit = max(2, min(MAX_AUTO_CLASSES, len(numbers) // ROWS_PER_CLASS))
    whole = np.all(np.isfinite(numbers)) and np.all(numbers == np.round(numbers))
    if whole and n_distinct <= limit:
        why = f"auto: {target!r} holds {n_distinct} whole-number values"
        return "classification", why + "; --task overrides"
    kind = "whole numbers" if whole else "numbers"
    why = f"auto: {target!r} holds {n_distinct} distinct {kind}"
    return "regression", why + "; --task overrides"


def _target_index(path, header, target, delimiter):
    """Index of the target column: ``target``, or the last one if None."""
    if target is None:
        target = header[-1]
    if target not in header:
        raise DemoError(
            f"no column {target!r} in {path}; its columns are: {', '.join(header)}"
        )
    if len(header) < 2:
        raise DemoError(
            f"{path} has no feature column besides {target!r} (delimiter "
            f"{delimiter!r}; see --delimiter)"
        )
    return header.index(target)


def _drop_missing_target(path, cells, lines, t, target):
    """The rows whose target is not missing, and a warning if some were."""
    missing = _is_missing(cells[:, t])
    if missing.all():
        raise DemoError(f"{path}: column {target!r} has no values")
    if not missing.any():
        return cells, lines, []
    warning = (
        f"dropped {missing.sum()} of {len(missing)} rows whose target "
        f"{target!r} is missing (blank or NaN): {_lines(lines[missing])}"
    )
    return cells[~missing], lines[~missing], [warning]


def _target(path, values, lines, task, target, decimal_comma):
    """The target as labels or as finite floats, checked for the task."""
    if task == "regression":
        y = _to_float(values, decimal_comma)
        if y is None or not np.all(np.isfinite(y)):
            bad = _first_bad(values, decimal_comma)
            raise DemoError(
                f"{path}, line {lines[bad]}: column {target!r} has "
                f"{str(values[bad])!r}; a regression target must be finite numbers "
                "(--task classification for labels)"
            )
        if np.ptp(y) == 0:
            raise DemoError(f"column {target!r} has a single value; nothing to fit")
        return y
    classes, counts = np.unique(values, return_counts=True)
    if len(classes) < 2:
        raise DemoError(f"column {target!r} has a single value; need 2 classes")
    if len(classes) > MAX_CLASSES or (len(classes) > 2 and counts.max() == 1):
        raise DemoError(
            f"column {target!r} has {len(classes)} distinct values in "
            f"{len(values)} rows: too many classes (use --task regression for "
            "a numeric target)"
        )
    if len(values) < 4 or counts.min() < 2:
        raise DemoError(
            f"{path}: every class of {target!r} needs at least 2 rows to split "
            "into train and test"
        )
    return values


def _features(path, cells, lines, columns, decimal_comma):
    """Features with NaN for missing cells, their column names, the indices
    of the text columns, and warnings about empty columns (dropped) and
    missing cells (imputed later, by the preprocessor)."""
    missing = _is_missing(cells)
    parsed = [
        _to_float(np.where(missing[:, j], "nan", cells[:, j]), decimal_comma)
        for j in range(cells.shape[1])
    ]
    for j, values in enumerate(parsed):
        if values is not None and np.isinf(values).any():
            i = np.flatnonzero(np.isinf(values))[0]
            raise DemoError(
                f"{path}, line {lines[i]}: column {columns[j]!r} has "
                f"{str(cells[i, j])!r}; feature values must be finite"
            )
    keep = [j for j in range(len(columns)) if not missing[:, j].all()]
    if not keep:
        raise DemoError(f"{path} has no feature column with values")
    warnings = []
    if len(keep) < len(columns):
        empty = [repr(name) for j, name in enumerate(columns) if j not in keep]
        warnings.append(f"ignored column(s) {', '.join(empty)}: no values")
    if missing[:, keep].any():
        counts = ", ".join(
            f"{missing[:, j].sum()} in {columns[j]!r}"
            for j in keep
            if missing[:, j].any()
        )
        warnings.append(
            f"{missing[:, keep].sum()} missing feature values ({counts}) are "
            "imputed inside the pipeline: the training median in a numeric "
            "column, a category of its own in a text column"
        )
    text = [k for k, j in enumerate(keep) if parsed[j] is None]
    for k in text:
        j = keep[k]
        present = ~missing[:, j]
        warnings += _mostly_numbers(cells[present, j], lines[present], columns[j])
    if not text:
        X = np.column_stack([parsed[j] for j in keep])
    else:
        X = cells[:, keep].astype(object)
        X[missing[:, keep]] = np.nan
        for k, j in enumerate(keep):
            if parsed[j] is not None:
                X[:, k] = parsed[j]
    return X, [columns[j] for j in keep], text, warnings


def _mostly_numbers(cells, lines, name):
    """A warning if most cells of a text column are numbers: a typo in a
    numeric column would otherwise turn it silently into categories."""
    values, inverse = np.unique(cells, return_inverse=True)
    numbers = np.array([_to_float(np.array([v])) is not None for v in values])
    if numbers[inverse].mean() <= 0.5:
        return []
    first = np.flatnonzero(~numbers[inverse])[0]
    return [
        f"column {name!r} is one-hot encoded as text because of "
        f"{str(cells[first])!r} on line {lines[first]}, though "
        f"{numbers[inverse].mean():.0%} of its values are numbers"
    ]


def _is_missing(cells):
    """True where a cell is blank or one of :data:`MISSING`."""
    return np.isin(np.char.lower(cells), list(MISSING))


def _to_float(values, decimal_comma=False):
    """float64 of str cells, or None when one is not a number; with
    ``decimal_comma``, a column written like ``1,5`` is read as 1.5."""
    try:
        return values.astype(float)
    except ValueError:
        pass
    if decimal_comma:
        commas = np.char.find(values, ",") >= 0
        if commas.any() and all(map(_DECIMAL_COMMA.fullmatch, values[commas])):
            return _to_float(np.char.replace(values, ",", "."))
    return None


def _first_bad(values, decimal_comma):
    """Index of the first cell that is not a finite number."""
    for i, value in enumerate(values):
        number = _to_float(np.array([value]), decimal_comma)
        if number is None or not np.isfinite(number[0]):
            return i
    raise AssertionError("every value is a finite number")


def _lines(lines, shown=5):
    """'lines 3, 7 and 9' or 'lines 3, 7, 9, 12, 15 and 4 more'."""
    lines = [str(line) for line in lines]
    word = "line" if len(lines) == 1 else "lines"
    if len(lines) > shown:
        return f"{word} {', '.join(lines[:shown])} and {len(lines) - shown} more"
    if len(lines) > 1:
        return f"{word} {', '.join(lines[:-1])} and {lines[-1]}"
    return f"{word} {lines[0]}"
