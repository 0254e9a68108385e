"""Item-level tables for the report appendix (METHOD M1, M3, M4 applied per item).

The period's numbers come from the results service; the appendix additionally lists each
item, computed here with the same stats functions on the same source arrays.
"""

from __future__ import annotations

import numpy as np

from ..stats.items import likert_to_score, satisfied_mask, valid_mask


def owner_items(owner) -> list[dict]:
    """Per owner-survey item: valid answers, mean score 0–100 and satisfaction rate."""
    if owner is None:
        return []
    rows = []
    for j, (item, dim) in enumerate(zip(owner.item_ids, owner.item_dimensions, strict=True)):
        col = owner.values[:, j]
        k = int(owner.item_points[j])
        valid = valid_mask(col, k)
        n = int(valid.sum())
        scores = likert_to_score(col[valid], k)
        rows.append({"item": item, "dimension": dim, "n": n,
                     "score": float(np.mean(scores)) if n else None,
                     "satisfaction": float(satisfied_mask(col, k).sum() / n) if n else None})
    return rows


def inspection_items(inspection) -> list[dict]:
    """Per checklist item: inspections scored, mean points awarded of the maximum, 0–100."""
    if inspection is None or inspection.inspection.size == 0:
        return []
    ok = np.isfinite(inspection.awarded)
    rows: dict[tuple, dict] = {}
    for i in np.flatnonzero(ok):
        key = (str(inspection.dimension[i]), str(inspection.item_ids[i]))
        row = rows.setdefault(key, {"item": key[1], "dimension": key[0], "n": 0,
                                    "awarded": 0.0, "max": 0.0})
        row["n"] += 1
        row["awarded"] += float(inspection.awarded[i])
        row["max"] += float(inspection.max_points[i])
    for row in rows.values():
        row["score"] = 100 * row["awarded"] / row["max"] if row["max"] else None
    return sorted(rows.values(), key=lambda r: (r["dimension"], r["item"]))


def third_party_items(assessment) -> list[dict]:
    """Per third-party item: assessors, mean points (M4 ā_i), maximum and 0–100 score."""
    if assessment is None:
        return []
    rows = []
    for j, (item, dim) in enumerate(zip(assessment.item_ids, assessment.item_dimensions,
                                        strict=True)):
        scores = assessment.scores[j]
        ok = np.isfinite(scores)
        mean = float(scores[ok].mean()) if ok.any() else None
        top = float(assessment.max_points[j])
        rows.append({"item": item, "dimension": dim, "n": int(ok.sum()), "mean": mean,
                     "max": top, "score": 100 * mean / top if mean is not None else None})
    return rows


def item_tables(sources: dict) -> dict[str, list[dict]]:
    """All item tables of the period's sources."""
    return {"owner": owner_items(sources.get("owner")),
            "inspection": inspection_items(sources.get("inspection")),
            "third_party": third_party_items(sources.get("third_party"))}
