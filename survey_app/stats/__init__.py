"""Pure scoring package implementing METHOD.md (M1–M10); NumPy and SciPy only."""
from .inputs import (
    DEFAULT_SCHEME,
    AssessmentData,
    Band,
    DimensionNode,
    InputError,
    InspectionData,
    OwnerData,
    Scheme,
    SchemeError,
    TicketData,
    check_scheme_against,
)

__all__ = [
    "DEFAULT_SCHEME",
    "AssessmentData",
    "Band",
    "DimensionNode",
    "InputError",
    "InspectionData",
    "OwnerData",
    "Scheme",
    "SchemeError",
    "TicketData",
    "check_scheme_against",
]
