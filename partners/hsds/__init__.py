"""Import and export organizations as Open Referral HSDS 3.0 data packages.

HSDS, the Human Services Data Specification (https://docs.openreferral.org), publishes a
directory either as CSV files described by a datapackage.json or as JSON objects with
nested phones and locations. Only organizations and what the directory stores about them
travel: name, alternate name, description, email, website, first phone number and, for an
address in Canada, the head-office city and province.

HSDS has one `description` per organization. Both directions also carry the extension
fields `description_en` and `description_fr`, so that one package keeps both official
languages.
"""

from partners.hsds.exporting import ExportResult, export_hsds, stable_hsds_id
from partners.hsds.importing import ImportResult, import_hsds
from partners.hsds.reading import read_hsds
from partners.hsds.records import LANGUAGES, HsdsError, Problem, Source

__all__ = [
    "LANGUAGES",
    "ExportResult",
    "HsdsError",
    "ImportResult",
    "Problem",
    "Source",
    "export_hsds",
    "import_hsds",
    "read_hsds",
    "stable_hsds_id",
]
