"""The period-over-period comparison (M9) and the importance–performance analysis of one
period's owner survey, with the flags they raise; split from engine.py."""
from __future__ import annotations

import numpy as np

from .diagnostics import compare_periods, importance_resolution, ipa, pearson
from .inputs import OwnerData
from .items import likert_to_score, satisfied_mask, valid_mask
from .owner import item_columns, respondent_dimension_matrix
from .result import Flag


def sat_counts(owner: OwnerData, d: str) -> tuple[int, int]:
    """(satisfied, valid) answers over the items of d."""
    cols = item_columns(owner, d)
    if cols.size == 0:
        return 0, 0
    v, k = owner.values[:, cols], owner.item_points[cols][None, :]
    return int(satisfied_mask(v, k).sum()), int(valid_mask(v, k).sum())


def _overall_counts(o: OwnerData) -> tuple[int, int]:
    """(satisfied, valid) answers to the overall item."""
    return (int(satisfied_mask(o.overall, o.overall_points).sum()),
            int(valid_mask(o.overall, o.overall_points).sum()))


def period_deltas(owner, previous_owner, r, leaves, flags):
    """M9 period over period per dimension and for the overall item."""
    if previous_owner is None or r is None or not previous_owner.n_respondents:
        return {}, None
    deltas = {}
    rp = respondent_dimension_matrix(previous_owner, leaves)
    for j, d in enumerate(leaves):
        if not (np.isfinite(r[:, j]).any() or np.isfinite(rp[:, j]).any()):
            continue
        dl = compare_periods(d, r[:, j], rp[:, j], sat_counts(owner, d),
                             sat_counts(previous_owner, d))
        deltas[d] = dl
        if dl.significant:
            flags.append(Flag("significant_change", d, "owner", dl.delta, {"p": dl.mw_p},
                              level="info"))
        if dl.sat_significant:
            flags.append(Flag("satisfaction_change", d, "owner", dl.sat_delta, {"p": dl.z_p},
                              level="info"))
    oc = likert_to_score(owner.overall, owner.overall_points)
    op = likert_to_score(previous_owner.overall, previous_owner.overall_points)
    overall_delta = None
    if np.isfinite(oc).any() or np.isfinite(op).any():
        overall_delta = compare_periods("overall", oc, op, _overall_counts(owner),
                                        _overall_counts(previous_owner))
    return deltas, overall_delta


def ipa_part(owner, ow, leaves, flags):
    """M9 importance–performance analysis (stated importance if asked, else derived)."""
    if ow.r is None:
        return None
    perf = {d: ow.od[d].score if ow.od.get(d) else None for d in leaves}
    resolution = None
    if owner.importance:
        imp, how = {d: owner.importance.get(d) for d in leaves}, "stated"
    else:
        ov = likert_to_score(owner.overall, owner.overall_points)
        imp, how = {d: pearson(ow.r[:, j], ov) for j, d in enumerate(leaves)}, "derived"
        resolution = importance_resolution(ow.r, ov, imp)
    res = ipa(perf, imp, how, resolution)
    if res is not None and res.importance_flat:
        flags.append(Flag("ipa_importance_flat", None, "owner", res.importance_spread,
                          {"resolution": res.importance_resolution}, level="warning"))
        return res  # no "concentrate here" advice from a split that is noise
    for p in res.points if res else ():
        if p.quadrant == "concentrate_here":
            flags.append(Flag("concentrate_here", p.dimension, "owner", p.performance,
                              {"importance": p.importance}, level="info"))
    return res
