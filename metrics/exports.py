"""CSV of network results: UTF-8 with one byte-order mark, formula-safe text, plain numbers."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

from hubsite.exports import SafeDictWriter, write_bom
from metrics.results import EXPORT_FIELDS


def results_csv(rows: Iterable[Mapping[str, object]]) -> str:
    """Write result rows as CSV text that starts with the byte-order mark.

    Numbers are written as numbers (-3.5 stays -3.5), text that a spreadsheet
    would run as a formula gets a leading apostrophe, and hidden figures are
    empty cells with `suppressed` set to "yes".
    """
    handle = io.StringIO()
    write_bom(handle)
    writer = SafeDictWriter(handle, EXPORT_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "suppressed": "yes" if row["suppressed"] else "no"})
    return handle.getvalue()
