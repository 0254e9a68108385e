"""Where the results service finds each source's data for a period.

Each loader takes a period id and returns the matching ``survey_app.stats.inputs`` container
(OwnerData, InspectionData, AssessmentData, TicketData) built with one bulk query, or None
when the period has no data from that source. Feature packages own their loader.
"""

from __future__ import annotations

import importlib

LOADERS = {
    "owner": "survey_app.surveys.data:load_owner_data",
    "inspection": "survey_app.inspections.data:load_inspection_data",
    "third_party": "survey_app.assessments.data:load_assessment_data",
    "kpi": "survey_app.feedback.data:load_ticket_data",
}


def loader(source: str):
    """The loader function of a source, or None while its feature is not installed."""
    module_name, function = LOADERS[source].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, function, None)


def load_period_sources(period_id: int) -> dict[str, object]:
    """Every available source's data for a period (absent sources are left out)."""
    out = {}
    for source in LOADERS:
        load = loader(source)
        data = load(period_id) if load is not None else None
        if data is not None:
            out[source] = data
    return out
