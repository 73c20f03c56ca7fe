"""The typed model: validated records as programs, and the directory of them."""

from generator.model.build import build_directory, program_from_data, program_from_record
from generator.model.directory import TELEHEALTH_ONLY, Directory
from generator.model.program import (
    Contact,
    Credential,
    Customization,
    Location,
    Payment,
    Program,
    Range,
    Schedule,
    Verification,
)

__all__ = [
    "TELEHEALTH_ONLY", "Contact", "Credential", "Customization", "Directory", "Location",
    "Payment", "Program", "Range", "Schedule", "Verification", "build_directory",
    "program_from_data", "program_from_record",
]
