"""Small-cell suppression of a result's breakdowns, applied at the one door to the numbers.

Every surface (dashboard, PDF, API, entropy weights from buildings) reads a result through
results.services.period_result_dict, which passes it through ``suppress`` with the
community's ``min_cell_size``. The rule itself is stats.cells.hidden_cells.

What is hidden: the scores of a group (building) with fewer than k responses, and, per
dimension column, any further cells the complementary rule names (so that the community
total minus the shown groups never isolates a small cell). The group's response count and
response rate stay: they are participation, which the survey pages show anyway, not answers.
"""

from __future__ import annotations

import copy

from ..stats.cells import DEFAULT_K, hidden_cells


def suppress(data: dict, k: int | None) -> dict:
    """A copy of a result's JSON form with small groups and their complements hidden."""
    k = k or DEFAULT_K
    out = copy.deepcopy(data)
    out.setdefault("meta", {})["min_cell_size"] = k
    groups = out.get("groups") or {}
    if not groups:
        return out
    rows = hidden_cells({name: g.get("n") or 0 for name, g in groups.items()}, k,
                        _residual_responses(out, groups))
    for key in _dimension_keys(groups):
        counts = {name: (g.get("n_by_dimension") or {}).get(key, 0)
                  for name, g in groups.items()}
        total = _dimension_n(out, key)
        residual = total - sum(counts.values()) if total is not None else 0
        for name in hidden_cells(counts, k, residual, already=rows):
            _hide(groups[name], key)
    for name in rows:
        groups[name]["suppressed"] = True
        groups[name]["n_by_dimension"] = {}
    return out


def _hide(group: dict, key: str) -> None:
    """Blank one dimension score of a group and note that it is hidden."""
    group.setdefault("scores", {})[key] = None
    hidden = list(group.get("hidden") or [])
    if key not in hidden:
        group["hidden"] = [*hidden, key]


def _dimension_keys(groups: dict) -> list[str]:
    keys: dict[str, None] = {}
    for g in groups.values():
        keys.update(dict.fromkeys(g.get("scores") or {}))
    return list(keys)


def _dimension_n(data: dict, key: str) -> int | None:
    """Respondents scored on a dimension in the whole result (the shown total)."""
    owner = ((data.get("dimensions") or {}).get(key) or {}).get("owner") or {}
    return owner.get("n")


def _residual_responses(data: dict, groups: dict) -> int:
    """Responses outside every group (no building), which the total includes."""
    sample = data.get("sample") or {}
    total = sample.get("responses")
    if total is None:
        return 0
    return max(0, int(total) - sum(g.get("n") or 0 for g in groups.values()))
