"""One entry point: compute_period_result(scheme, sources…) → PeriodResult (METHOD.md M1–M10)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from . import combine as cb
from .diagnostics import compare_periods, ipa, pearson, sample_adequacy
from .inputs import (
    AssessmentData,
    DimensionNode,
    InspectionData,
    OwnerData,
    Scheme,
    SchemeError,
    TicketData,
)
from .inspection import inspection_dimension_scores, inspection_summary
from .items import likert_to_score, nps, satisfied_mask, valid_mask
from .kpi import compute_kpis
from .owner import (
    group_results,
    item_columns,
    overall_satisfaction,
    owner_dimension_scores,
    respondent_dimension_matrix,
)
from .reliability import DEFAULT_B, DEFAULT_SEED, bootstrap_column_means, percentile_interval
from .result import (
    METHOD_VERSION,
    Composite,
    DimensionResult,
    Flag,
    NodeResult,
    PeriodResult,
    fnum,
)
from .third_party import agreement, third_party_dimension_scores
from .weights import RI_SOURCE, WeightsError, entropy_weights


def _check_keys(scheme: Scheme, source: str, keys) -> None:
    """Raise SchemeError naming dimensions a source uses that are not leaves of the scheme."""
    leaves = set(scheme.leaf_keys())
    bad = sorted({str(k) for k in keys if k is not None and str(k) and str(k) not in leaves})
    if bad:
        raise SchemeError(f"{source}: dimensions not in scheme '{scheme.key}' "
                          f"(leaves: {', '.join(scheme.leaf_keys())}): {', '.join(bad)}")


def _sat_counts(owner: OwnerData, d: str) -> tuple[int, int]:
    """(satisfied, valid) answers over the items of d."""
    cols = item_columns(owner, d)
    if cols.size == 0:
        return 0, 0
    v, k = owner.values[:, cols], owner.item_points[cols][None, :]
    return int(satisfied_mask(v, k).sum()), int(valid_mask(v, k).sum())


def _entropy_nodes(nodes: tuple[DimensionNode, ...], units: dict[str, np.ndarray],
                   problems: list[str]) -> tuple[DimensionNode, ...]:
    """Replace each sibling set's weights by entropy weights over the units, bottom-up."""
    def unit_scores(n: DimensionNode) -> np.ndarray:
        if not n.children:
            return units[n.key]
        return np.asarray(cb.weighted_mean([unit_scores(c) for c in n.children],
                                           [c.weight for c in n.children]), dtype=float)

    def rebuild(ns: tuple[DimensionNode, ...], where: str) -> tuple[DimensionNode, ...]:
        ns = tuple(replace(n, children=rebuild(n.children, n.key)) if n.children else n
                   for n in ns)
        if len(ns) < 2:
            return ns
        x = np.column_stack([unit_scores(n) for n in ns])
        x = x[np.all(np.isfinite(x), axis=1)]
        try:
            w = entropy_weights(x).weights
        except WeightsError as e:
            problems.append(f"{where}: {e}")
            return ns
        return tuple(replace(n, weight=float(wi)) for n, wi in zip(ns, w, strict=True))

    return rebuild(nodes, "_root")


def _resolve_nodes(scheme, leaves, r, groups, flags) -> tuple[tuple[DimensionNode, ...], str]:
    """Dimension tree with the weights actually used, and a note on their basis."""
    if scheme.weight_method != "entropy":
        return scheme.dimensions, scheme.weight_method
    basis, units = "scheme", None
    if groups and len(groups) >= 2:
        basis = "entropy_groups"
        units = {d: np.array([g.scores[d] if g.scores[d] is not None else np.nan
                              for g in groups.values()], dtype=float) for d in leaves}
    elif r is not None and r.shape[0] >= 2:
        basis = "entropy_respondents"
        units = {d: r[:, j] for j, d in enumerate(leaves)}
    if units is None:
        flags.append(Flag("entropy_fallback", params={"reason": "fewer than 2 units"}))
        return scheme.dimensions, "scheme"
    problems: list[str] = []
    nodes = _entropy_nodes(scheme.dimensions, units, problems)
    if problems:
        flags.append(Flag("entropy_fallback", params={"reason": "; ".join(problems)}))
    return nodes, basis


def _leaf_weights(scheme: Scheme, leaf: str) -> dict[str, float]:
    """Source weights that apply to a leaf (KPIs only to the service dimension if enabled)."""
    kpi_ok = scheme.kpi_to_service and leaf == scheme.service_dimension
    return {s: w for s, w in scheme.source_weights.items() if s != "kpi" or kpi_ok}


def _owner_flags(od, flags) -> None:
    """Flags for owner dimensions: single respondent, α low or undefined."""
    for d, o in od.items():
        if o is None:
            continue
        if o.n == 1:
            flags.append(Flag("ci_unavailable", d, "owner", params={"reason": "one_respondent"}))
        a = o.alpha
        if a is not None and a.alpha is None and a.reason != "fewer_than_2_items":
            flags.append(Flag("alpha_undefined", d, "owner", params={"reason": a.reason}))
        elif a is not None and a.low:
            flags.append(Flag("alpha_low", d, "owner", a.alpha, {"threshold": 0.7}))


def _agreement_flags(agr, dim, flags) -> None:
    """Flags for low or undefined assessor agreement."""
    if agr is None:
        return
    if agr.low:
        flags.append(Flag("agreement_low", dim, "third_party", agr.icc_2_k,
                          {"threshold": 0.75, "reason": agr.reason}))
    elif agr.icc_2_k is None and agr.n_assessors >= 2:
        flags.append(Flag("agreement_undefined", dim, "third_party",
                          params={"reason": agr.reason},
                          level="warning" if agr.reason == "zero_variance" else "info"))


def compute_period_result(scheme: Scheme, owner: OwnerData | None = None,
                          inspection: InspectionData | None = None,
                          third_party: AssessmentData | None = None,
                          tickets: TicketData | None = None,
                          previous_owner: OwnerData | None = None, bootstrap: bool = True,
                          seed: int = DEFAULT_SEED, n_boot: int = DEFAULT_B,
                          conf: float = 0.95) -> PeriodResult:
    """Compute every number of a period report for one scheme from whichever sources exist."""
    leaves = scheme.leaf_keys()
    flags: list[Flag] = []
    if owner is not None:
        _check_keys(scheme, "owner survey", owner.item_dimensions)
    if inspection is not None:
        _check_keys(scheme, "joint inspection", inspection.dimension)
    if third_party is not None:
        _check_keys(scheme, "third-party assessment", third_party.item_dimensions)

    # --- owner survey (M1, M2, M8, M9)
    r = None
    od: dict = {d: None for d in leaves}
    overall = nps_res = sample = None
    groups: dict = {}
    if owner is not None and owner.n_respondents > 0:
        r = respondent_dimension_matrix(owner, leaves)
        od = owner_dimension_scores(owner, leaves, r, conf)
        overall = overall_satisfaction(owner, conf)
        nps_res = nps(owner.nps) if np.isfinite(owner.nps).any() else None
        groups = group_results(owner, leaves, r)
        answered = np.isfinite(r).any(axis=1) | np.isfinite(likert_to_score(
            owner.overall, owner.overall_points))
        sample = sample_adequacy(int(answered.sum()), owner.households)
        if sample.small:
            flags.append(Flag("sample_small", value=sample.responses,
                              params={"target": sample.target, "households": sample.households}))
        _owner_flags(od, flags)
    r_valid = r[np.isfinite(r).any(axis=1)] if r is not None else np.zeros((0, len(leaves)))
    if r_valid.shape[0] == 0:
        flags.append(Flag("no_owner_data", source="owner"))
    elif r_valid.shape[0] == 1:
        flags.append(Flag("single_respondent", source="owner", value=1))

    # --- inspection (M3), third party (M4), KPIs (M10)
    idim = inspection_dimension_scores(inspection, leaves) if inspection is not None else {}
    isum = inspection_summary(inspection) if inspection is not None else None
    if isum is not None and isum.closure_rate is not None and isum.closure_rate < 1:
        flags.append(Flag("rectifications_open", source="inspection", value=isum.closure_rate,
                          params={"opened": isum.rectifications_opened,
                                  "verified": isum.rectifications_verified}, level="info"))
    tdim = third_party_dimension_scores(third_party, leaves) if third_party is not None else {}
    agr_all = (agreement(third_party.scores, third_party.max_points)
               if third_party is not None else None)
    _agreement_flags(agr_all, None, flags)
    for d, t in tdim.items():
        if t is not None:
            _agreement_flags(t.agreement, d, flags)
    kpis = compute_kpis(tickets, conf) if tickets is not None and tickets.received.size else None
    kpi_score = kpis.overall.score if kpis is not None else None

    # --- combine (M5), weights (M7), tree and composite (M6)
    src: dict[str, dict[str, float | None]] = {}
    comb: dict[str, tuple] = {}
    for d in leaves:
        s = {"owner": od[d].score if od.get(d) else None,
             "inspection": idim[d].score if idim.get(d) else None,
             "third_party": tdim[d].score if tdim.get(d) else None}
        if "kpi" in _leaf_weights(scheme, d):
            s["kpi"] = kpi_score
        src[d] = s
        comb[d] = cb.combine_sources(s, _leaf_weights(scheme, d))
        if comb[d][0] is None:
            flags.append(Flag("dimension_missing", d))
        for m in comb[d][2]:
            flags.append(Flag("source_missing", d, m, level="info"))
    nodes, basis = _resolve_nodes(scheme, leaves, r, groups, flags)
    leaf_scores = {d: comb[d][0] for d in leaves}
    node_scores = cb.tree_scores(nodes, leaf_scores)
    comp = fnum(cb.composite_index(nodes, leaf_scores))
    available = {d for d in leaves if leaf_scores[d] is not None}
    eff = cb.effective_weights(nodes, available)
    nominal = cb.effective_weights(nodes, set(leaves))
    missing_dims = tuple(d for d in leaves if d not in available)
    if comp is None:
        flags.append(Flag("composite_missing"))
    elif missing_dims:
        flags.append(Flag("composite_partial", params={"missing": list(missing_dims)}))

    # --- bootstrap CIs of C_d, node scores and I (M8)
    node_ci: dict[str, tuple | None] = {}
    comp_ci = None
    use_boot = bootstrap and r_valid.shape[0] >= 2 and n_boot >= 2
    if bootstrap and r_valid.shape[0] == 1:
        flags.append(Flag("bootstrap_unavailable", source="owner",
                          params={"reason": "one_respondent"}))
    if use_boot:
        reps = bootstrap_column_means(r_valid, n_boot, seed)
        has_owner = {d for j, d in enumerate(leaves) if np.isfinite(r_valid[:, j]).any()}
        leaf_reps = {}
        for j, d in enumerate(leaves):
            s = dict(src[d])
            s["owner"] = reps[:, j] if d in has_owner else None
            leaf_reps[d] = cb.combine_sources_array(s, _leaf_weights(scheme, d))
        rep_nodes = cb.tree_scores(nodes, leaf_reps)
        for n in _walk(nodes):
            if any(leaf in has_owner for leaf in _leaf_keys(n)) and np.isfinite(
                    node_scores[n.key]):
                node_ci[n.key] = percentile_interval(rep_nodes[n.key], conf)
        if has_owner and comp is not None:
            comp_ci = percentile_interval(cb.composite_index(nodes, leaf_reps), conf)

    # --- period over period, IPA (M9)
    deltas, overall_delta = {}, None
    if previous_owner is not None and owner is not None and previous_owner.n_respondents:
        rp = respondent_dimension_matrix(previous_owner, leaves)
        for j, d in enumerate(leaves):
            if np.isfinite(r[:, j]).any() or np.isfinite(rp[:, j]).any():
                dl = compare_periods(d, r[:, j], rp[:, j], _sat_counts(owner, d),
                                     _sat_counts(previous_owner, d))
                deltas[d] = dl
                if dl.significant:
                    flags.append(Flag("significant_change", d, "owner", dl.delta,
                                      {"p": dl.mw_p}, level="info"))
                if dl.sat_significant:
                    flags.append(Flag("satisfaction_change", d, "owner", dl.sat_delta,
                                      {"p": dl.z_p}, level="info"))
        oc = likert_to_score(owner.overall, owner.overall_points)
        op = likert_to_score(previous_owner.overall, previous_owner.overall_points)
        if np.isfinite(oc).any() or np.isfinite(op).any():
            overall_delta = compare_periods(
                "overall", oc, op,
                (int(satisfied_mask(owner.overall, owner.overall_points).sum()),
                 int(valid_mask(owner.overall, owner.overall_points).sum())),
                (int(satisfied_mask(previous_owner.overall, previous_owner.overall_points).sum()),
                 int(valid_mask(previous_owner.overall, previous_owner.overall_points).sum())))
    ipa_res = None
    if r is not None:
        perf = {d: od[d].score if od.get(d) else None for d in leaves}
        if owner.importance:
            imp, how = {d: owner.importance.get(d) for d in leaves}, "stated"
        else:
            ov = likert_to_score(owner.overall, owner.overall_points)
            imp, how = {d: pearson(r[:, j], ov) for j, d in enumerate(leaves)}, "derived"
        ipa_res = ipa(perf, imp, how)
        for p in ipa_res.points if ipa_res else ():
            if p.quadrant == "concentrate_here":
                flags.append(Flag("concentrate_here", p.dimension, "owner", p.performance,
                                  {"importance": p.importance}, level="info"))

    # --- assemble
    parents = {c.key: n.key for n in _walk(nodes) for c in n.children}
    band = cb.grade_band(comp, scheme.bands)
    node_res = {}
    for n in _walk(nodes):
        sc = fnum(node_scores[n.key])
        g = cb.grade_band(sc, scheme.bands)
        node_res[n.key] = NodeResult(n.key, dict(n.label), parents.get(n.key), _level(n, parents),
                                     n.weight, nominal[n.key], eff[n.key],
                                     tuple(c.key for c in n.children), sc,
                                     node_ci.get(n.key), g.key if g else None)
    dims = {}
    labels = {n.key: n.label for n in _walk(nodes)}
    for d in leaves:
        c, used, missing = comb[d]
        g = cb.grade_band(c, scheme.bands)
        dims[d] = DimensionResult(d, dict(labels[d]), nominal[d], eff[d], src[d], od.get(d),
                                  idim.get(d), tdim.get(d), src[d].get("kpi"), c,
                                  node_ci.get(d), used, missing, g.key if g else None)
    composite = Composite(comp, comp_ci, band.key if band else None,
                          dict(band.label) if band else {}, missing_dims,
                          {d: eff[d] for d in leaves}, scheme.weight_method, basis)
    meta = {"method_version": METHOD_VERSION, "seed": seed, "n_boot": n_boot if use_boot else 0,
            "conf": conf, "bootstrap": use_boot, "ri_source": RI_SOURCE,
            "owner_rows": 0 if owner is None else owner.n_respondents,
            "owner_respondents": int(r_valid.shape[0])}
    return PeriodResult(scheme.to_dict(), dims, node_res, composite, overall, nps_res, agr_all,
                        ipa_res, groups, sample, isum, kpis, deltas, overall_delta,
                        tuple(flags), meta)


def _walk(nodes):
    """All nodes depth first."""
    for n in nodes:
        yield n
        yield from _walk(n.children)


def _leaf_keys(n: DimensionNode):
    """Leaf keys under a node (itself if a leaf)."""
    if not n.children:
        return [n.key]
    return [k for c in n.children for k in _leaf_keys(c)]


def _level(n: DimensionNode, parents: dict[str, str]) -> int:
    """1 for top-level nodes, 2 for their children, …"""
    lvl, k = 1, n.key
    while k in parents:
        lvl, k = lvl + 1, parents[k]
    return lvl
