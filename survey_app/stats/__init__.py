"""Pure scoring package implementing METHOD.md (M1–M10); NumPy and SciPy only.

Entry point: :func:`compute_period_result`. Inputs live in :mod:`.inputs`, the scheme in
:mod:`.scheme`, results in :mod:`.result`; each M-section has its own module.
"""
from .combine import combine_sources, composite_index, effective_weights, grade_band, tree_scores
from .diagnostics import (
    cochran_sample_size,
    compare_periods,
    ipa,
    mann_whitney,
    pearson,
    sample_adequacy,
    two_proportion_z,
    welch,
)
from .engine import compute_period_result
from .inputs import AssessmentData, InputError, InspectionData, OwnerData, TicketData
from .inspection import (
    apply_deductions,
    closure_rate,
    findings,
    inspection_dimension_scores,
    per_inspection_scores,
)
from .items import NPSResult, likert_to_score, nps, satisfaction_rate
from .kpi import compute_kpis
from .owner import (
    mean_estimate,
    owner_dimension_scores,
    respondent_dimension_matrix,
    t_interval,
    wilson_interval,
)
from .reliability import (
    DEFAULT_B,
    DEFAULT_SEED,
    bootstrap_column_means,
    cronbach_alpha,
    feldt_interval,
    percentile_interval,
)
from .result import Flag, PeriodResult, to_jsonable
from .scheme import (
    DEFAULT_SCHEME,
    Band,
    DimensionNode,
    Scheme,
    SchemeError,
    check_scheme_against,
)
from .third_party import agreement, icc_two_way_random, kendalls_w, third_party_dimension_scores
from .weights import (
    SAATY_RI,
    AHPResult,
    EntropyResult,
    WeightsError,
    ahp_hierarchy,
    ahp_weights,
    direct_weights,
    entropy_weights,
)

__all__ = [
    "DEFAULT_B", "DEFAULT_SCHEME", "DEFAULT_SEED", "SAATY_RI", "AHPResult", "AssessmentData",
    "Band", "DimensionNode", "EntropyResult", "Flag", "InputError", "InspectionData",
    "NPSResult", "OwnerData", "PeriodResult", "Scheme", "SchemeError", "TicketData",
    "WeightsError", "agreement", "ahp_hierarchy", "ahp_weights", "apply_deductions",
    "bootstrap_column_means", "check_scheme_against", "closure_rate", "cochran_sample_size",
    "combine_sources", "compare_periods", "composite_index", "compute_kpis",
    "compute_period_result", "cronbach_alpha", "direct_weights", "effective_weights",
    "entropy_weights", "feldt_interval", "findings", "grade_band", "icc_two_way_random",
    "inspection_dimension_scores", "ipa", "kendalls_w", "likert_to_score", "mann_whitney",
    "mean_estimate", "nps", "owner_dimension_scores", "pearson", "per_inspection_scores",
    "percentile_interval", "respondent_dimension_matrix", "sample_adequacy",
    "satisfaction_rate", "t_interval", "third_party_dimension_scores", "to_jsonable",
    "tree_scores", "two_proportion_z", "welch", "wilson_interval",
]
