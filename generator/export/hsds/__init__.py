"""The directory in Open Referral's Human Services Data Specification (HSDS) 3.0: the
objects (``mapping``), the tables (``tables``) and the files (``package``)."""

from generator.export.hsds.mapping import HSDS_VERSION, hsds_organizations, make_id
from generator.export.hsds.package import HSDS_FILE_NAMES, datapackage, hsds_files
from generator.export.hsds.tables import TABLES, table_rows

__all__ = ["HSDS_FILE_NAMES", "HSDS_VERSION", "TABLES", "datapackage", "hsds_files",
           "hsds_organizations", "make_id", "table_rows"]
