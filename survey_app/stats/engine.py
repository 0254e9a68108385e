"""One entry point: compute_period_result(scheme, sources…) → PeriodResult (METHOD.md M1–M10)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from . import combine as cb
from .diagnostics import sample_adequacy
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
from .items import NPSResult, nps
from .kpi import compute_kpis
from .owner import (
    answered_mask,
    group_results,
    overall_satisfaction,
    owner_dimension_scores,
    respondent_dimension_matrix,
)
from .period_diagnostics import ipa_part, period_deltas
from .reliability import DEFAULT_B, DEFAULT_SEED, bootstrap_column_means, percentile_interval
from .result import (
    METHOD_VERSION,
    Composite,
    DimensionResult,
    Flag,
    NodeResult,
    OverallResult,
    PeriodResult,
    SampleAdequacy,
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
                          internal: InspectionData | None = None,
                          previous_owner: OwnerData | None = None, bootstrap: bool = True,
                          seed: int = DEFAULT_SEED, n_boot: int = DEFAULT_B,
                          conf: float = 0.95) -> PeriodResult:
    """Compute every number of a period report for one scheme from whichever sources exist."""
    leaves = scheme.leaf_keys()
    flags: list[Flag] = []
    _check_sources(scheme, owner, inspection, third_party)
    if internal is not None:
        _check_keys(scheme, "internal inspection", internal.dimension)
    ow = _owner_part(owner, leaves, conf, flags)
    idim, isum = _inspection_part(inspection, leaves, flags)
    tdim, agr_all = _third_party_part(third_party, leaves, flags)
    kpis = compute_kpis(tickets, conf) if tickets is not None and tickets.received.size else None
    src, comb = _combine_part(scheme, ow.od, idim, tdim,
                              kpis.overall.score if kpis is not None else None, flags,
                              _internal_scores(scheme, internal, leaves))
    nodes, basis = _resolve_nodes(scheme, leaves, ow.r, ow.groups, flags)
    tree = _tree_part(scheme, nodes, {d: comb[d][0] for d in leaves}, flags)
    use_boot = bootstrap and ow.r_valid.shape[0] >= 2 and n_boot >= 2
    if bootstrap and ow.r_valid.shape[0] == 1:
        flags.append(Flag("bootstrap_unavailable", source="owner",
                          params={"reason": "one_respondent"}))
    node_ci, comp_ci = (_bootstrap_part(scheme, nodes, src, ow.r_valid, tree.node_scores,
                                        tree.composite, seed, n_boot, conf)
                        if use_boot else ({}, None))
    deltas, overall_delta = period_deltas(owner, previous_owner, ow.r, leaves, flags)
    ipa_res = ipa_part(owner, ow, leaves, flags)
    node_res = _node_results(scheme, nodes, tree.node_scores, node_ci, tree.nominal,
                             tree.effective)
    dims = {d: _dimension_result(scheme, d, comb[d], src[d], node_res[d], tree, ow, idim, tdim,
                                 node_ci) for d in leaves}
    meta = {"method_version": METHOD_VERSION, "seed": seed, "n_boot": n_boot if use_boot else 0,
            "conf": conf, "bootstrap": use_boot, "ri_source": RI_SOURCE,
            "owner_rows": 0 if owner is None else owner.n_respondents,
            "owner_respondents": int(ow.r_valid.shape[0])}
    return PeriodResult(scheme.to_dict(), dims, node_res,
                        _composite(scheme, tree, comp_ci, basis), ow.overall, ow.nps,
                        agr_all, ipa_res, ow.groups, ow.sample, isum, kpis, deltas,
                        overall_delta, tuple(flags), meta)


def _check_sources(scheme: Scheme, owner, inspection, third_party) -> None:
    """SchemeError when a source uses dimensions that are not leaves of the scheme."""
    for name, data, keys in (("owner survey", owner, "item_dimensions"),
                             ("joint inspection", inspection, "dimension"),
                             ("third-party assessment", third_party, "item_dimensions")):
        if data is not None:
            _check_keys(scheme, name, getattr(data, keys))


@dataclass(frozen=True)
class _TreePart:
    """Node scores, the composite index and the weights actually in effect (M6)."""

    node_scores: dict
    composite: float | None
    nominal: dict
    effective: dict
    missing: tuple[str, ...]


def _tree_part(scheme: Scheme, nodes, leaf_scores: dict, flags: list[Flag]) -> _TreePart:
    """M6: the tree's scores, the composite index and its nominal and effective weights."""
    leaves = scheme.leaf_keys()
    comp = fnum(cb.composite_index(nodes, leaf_scores))
    available = {d for d in leaves if leaf_scores[d] is not None}
    missing = tuple(d for d in leaves if d not in available)
    if comp is None:
        flags.append(Flag("composite_missing"))
    elif missing:
        flags.append(Flag("composite_partial", params={"missing": list(missing)}))
    return _TreePart(cb.tree_scores(nodes, leaf_scores), comp,
                     cb.effective_weights(nodes, set(leaves)),
                     cb.effective_weights(nodes, available), missing)


def _dimension_result(scheme, d, combined, sources, node, tree: _TreePart, ow, idim, tdim,
                      node_ci) -> DimensionResult:
    """The DimensionResult of one leaf."""
    c, used, missing = combined
    g = cb.grade_band(c, scheme.bands)
    return DimensionResult(d, dict(node.label), tree.nominal[d], tree.effective[d], sources,
                           ow.od.get(d), idim.get(d), tdim.get(d), sources.get("kpi"), c,
                           node_ci.get(d), used, missing, g.key if g else None)


def _composite(scheme: Scheme, tree: _TreePart, ci, basis: str) -> Composite:
    """The composite index with its interval, grade band and effective weights."""
    band = cb.grade_band(tree.composite, scheme.bands)
    return Composite(tree.composite, ci, band.key if band else None,
                     dict(band.label) if band else {}, tree.missing,
                     {d: tree.effective[d] for d in scheme.leaf_keys()}, scheme.weight_method,
                     basis)


@dataclass
class _OwnerPart:
    """Owner-survey intermediate results."""

    r: np.ndarray | None
    r_valid: np.ndarray
    od: dict
    overall: OverallResult | None = None
    nps: NPSResult | None = None
    groups: dict = field(default_factory=dict)
    sample: SampleAdequacy | None = None


def _owner_part(owner: OwnerData | None, leaves, conf: float, flags: list[Flag]) -> _OwnerPart:
    """M1, M2, M8 (α) and sample adequacy for the owner survey."""
    out = _OwnerPart(None, np.zeros((0, len(leaves))), {d: None for d in leaves})
    if owner is not None and owner.n_respondents > 0:
        r = respondent_dimension_matrix(owner, leaves)
        out.r, out.r_valid = r, r[np.isfinite(r).any(axis=1)]
        out.od = owner_dimension_scores(owner, leaves, r, conf)
        out.overall = overall_satisfaction(owner, conf)
        out.nps = nps(owner.nps) if np.isfinite(owner.nps).any() else None
        out.groups = group_results(owner, leaves, r)
        out.sample = sample_adequacy(int(answered_mask(owner, r).sum()), owner.households)
        if out.sample.small:
            flags.append(Flag("sample_small", value=out.sample.responses,
                              params={"target": out.sample.target,
                                      "households": out.sample.households}))
        _owner_flags(out.od, flags)
    if out.r_valid.shape[0] == 0:
        flags.append(Flag("no_owner_data", source="owner"))
    elif out.r_valid.shape[0] == 1:
        flags.append(Flag("single_respondent", source="owner", value=1))
    return out


def _inspection_part(inspection, leaves, flags):
    """M3 scores per dimension and the period's inspection summary."""
    if inspection is None:
        return {}, None
    isum = inspection_summary(inspection)
    if isum.closure_rate is not None and isum.closure_rate < 1:
        flags.append(Flag("rectifications_open", source="inspection", value=isum.closure_rate,
                          params={"opened": isum.rectifications_opened,
                                  "verified": isum.rectifications_verified}, level="info"))
    return inspection_dimension_scores(inspection, leaves), isum


def _third_party_part(third_party, leaves, flags):
    """M4 scores per dimension and agreement over all items."""
    if third_party is None:
        return {}, None
    tdim = third_party_dimension_scores(third_party, leaves)
    agr_all = agreement(third_party.scores, third_party.max_points)
    _agreement_flags(agr_all, None, flags)
    for d, t in tdim.items():
        if t is not None:
            _agreement_flags(t.agreement, d, flags)
    return tdim, agr_all


def _internal_scores(scheme: Scheme, internal, leaves) -> dict | None:
    """M3 scores of the internal inspections per leaf, only for a scheme that names the
    source (one without it leaves every result exactly as before)."""
    if "internal" not in scheme.source_weights:
        return None
    if internal is None:
        return {}
    return {d: s.score if s else None
            for d, s in inspection_dimension_scores(internal, leaves).items()}


def _combine_part(scheme, od, idim, tdim, kpi_score, flags, internal=None):
    """M5: per-leaf source scores and (C_d, used, missing)."""
    src: dict[str, dict[str, float | None]] = {}
    comb: dict[str, tuple] = {}
    for d in scheme.leaf_keys():
        s = {"owner": od[d].score if od.get(d) else None,
             "inspection": idim[d].score if idim.get(d) else None,
             "third_party": tdim[d].score if tdim.get(d) else None}
        if "kpi" in _leaf_weights(scheme, d):
            s["kpi"] = kpi_score
        if internal is not None:
            s["internal"] = internal.get(d)
        src[d] = s
        comb[d] = cb.combine_sources(s, _leaf_weights(scheme, d))
        if comb[d][0] is None:
            flags.append(Flag("dimension_missing", d))
        for m in comb[d][2]:
            flags.append(Flag("source_missing", d, m, level="info"))
    return src, comb


def _bootstrap_part(scheme, nodes, src, r_valid, node_scores, comp, seed, n_boot, conf):
    """M8: percentile bootstrap CIs of node scores (leaves = C_d) and of I."""
    leaves = scheme.leaf_keys()
    reps = bootstrap_column_means(r_valid, n_boot, seed)
    has_owner = {d for j, d in enumerate(leaves) if np.isfinite(r_valid[:, j]).any()}
    leaf_reps = {}
    for j, d in enumerate(leaves):
        s = dict(src[d])
        s["owner"] = reps[:, j] if d in has_owner else None
        leaf_reps[d] = cb.combine_sources_array(s, _leaf_weights(scheme, d))
    rep_nodes = cb.tree_scores(nodes, leaf_reps)
    node_ci = {n.key: percentile_interval(rep_nodes[n.key], conf) for n in _walk(nodes)
               if has_owner.intersection(_leaf_keys(n)) and np.isfinite(node_scores[n.key])}
    comp_ci = (percentile_interval(cb.composite_index(nodes, leaf_reps), conf)
               if has_owner and comp is not None else None)
    return node_ci, comp_ci


def _node_results(scheme, nodes, node_scores, node_ci, nominal, eff) -> dict[str, NodeResult]:
    """NodeResult for every node of the tree (leaves included)."""
    parents = {c.key: n.key for n in _walk(nodes) for c in n.children}
    out = {}
    for n in _walk(nodes):
        sc = fnum(node_scores[n.key])
        g = cb.grade_band(sc, scheme.bands)
        out[n.key] = NodeResult(n.key, dict(n.label), parents.get(n.key), _level(n, parents),
                                n.weight, nominal[n.key], eff[n.key],
                                tuple(c.key for c in n.children), sc, node_ci.get(n.key),
                                g.key if g else None)
    return out


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
