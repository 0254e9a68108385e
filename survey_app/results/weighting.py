"""Setting a scheme's weights: direct entry, AHP pairwise comparisons, entropy from data (M7).

Each function changes the weights of one sibling group of the dimension tree (the top level is
the group '_root'), stores the result as a new SchemeVersion (old results keep their snapshot)
and makes it the community's active scheme. How the weights were obtained is kept in
SchemeVersion.method_details for the report's methodology appendix.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from fractions import Fraction

from ..errors import FieldError
from ..stats import (
    Scheme,
    SchemeError,
    WeightsError,
    ahp_weights,
    direct_weights,
    entropy_weights,
    tree_scores,
)
from ..stats.weights import CR_LIMIT, RI_SOURCE, SAATY_RI  # noqa: F401  (SAATY_RI: the report shows the RI table)
from . import schemes
from .models import SchemeVersion
from .texts import gettext as _

ROOT = "_root"
#: Saaty's 1–9 scale as offered in the form, strongest for the left element first
SAATY_VALUES = ("9", "8", "7", "6", "5", "4", "3", "2", "1",
                "1/2", "1/3", "1/4", "1/5", "1/6", "1/7", "1/8", "1/9")
ENTROPY_UNITS = ("buildings", "periods")


class WeightingError(FieldError):
    """Bad weight input: a FieldError whose ``field`` "" means the whole form."""


@dataclass(frozen=True)
class Group:
    """A sibling group whose weights are set together."""

    parent: str
    label: str
    children: tuple  # of DimensionNode


@dataclass(frozen=True)
class Plan:
    """New weights for one group, not saved yet: the scheme with them and how they were set."""

    parent: str
    scheme: Scheme
    method: str
    details: dict

    @property
    def weights(self) -> dict[str, float]:
        """Child key → new weight within the group."""
        return self.details["weights"]


def groups(scheme: Scheme) -> list[Group]:
    """Every sibling group of the tree, top level first."""
    out = [Group(ROOT, _("Top level"), scheme.dimensions)]
    out += [Group(n.key, schemes.label_text(n.label, n.key), n.children)
            for n in scheme.nodes() if n.children]
    return out


def group(scheme: Scheme, parent: str) -> Group:
    """One sibling group, or WeightingError when the scheme has no such parent."""
    for g in groups(scheme):
        if g.parent == parent:
            return g
    raise WeightingError("", _("The scheme has no dimension group %(key)s.", key=parent))


def labels_of(g: Group) -> list[str]:
    """Display labels of a group's children."""
    return [schemes.label_text(n.label, n.key) for n in g.children]


def _set_weights(nodes: list[dict], parent: str, weights: dict[str, float], here: str) -> None:
    """Set the weights of the children of `parent` inside a definition's node list."""
    if here == parent:
        for node in nodes:
            node["weight"] = float(weights[node["key"]])
        return
    for node in nodes:
        if node.get("children"):
            _set_weights(node["children"], parent, weights, node["key"])


def with_weights(scheme: Scheme, parent: str, weights: dict[str, float],
                 matrix: list[list[float]] | None = None) -> Scheme:
    """A copy of the scheme with new weights for one group (and its AHP matrix, if any)."""
    definition = copy.deepcopy(scheme.to_dict())
    _set_weights(definition["dimensions"], parent, weights, ROOT)
    ahp = dict(definition.get("ahp") or {})
    if matrix is not None:
        ahp[parent] = matrix
    else:
        ahp.pop(parent, None)  # otherwise the old matrix would override the new weights
    definition["ahp"] = ahp
    # fixed weights: 'entropy' in a definition would make the engine recompute them per period
    definition["weight_method"] = "ahp" if ahp else "direct"
    try:
        return Scheme.from_dict(definition)
    except SchemeError as exc:
        raise WeightingError("", str(exc)) from None


def save_plan(community_id: int, version: SchemeVersion, plan: Plan, user=None
              ) -> SchemeVersion:
    """``user`` stores the changed scheme as a new version, active in the community."""
    method_details = copy.deepcopy(version.method_details or {})
    method_details.setdefault("groups", {})[plan.parent] = {"method": plan.method,
                                                             **plan.details}
    new, _created = schemes.store(plan.scheme, weight_method=plan.method,
                                  method_details=method_details,
                                  note=f"{plan.method} weights for {plan.parent}", user=user)
    schemes.set_active(community_id, new, user)
    return new


# --------------------------------------------------------------------------- direct


def save_direct(community_id: int, version: SchemeVersion, parent: str,
                entered: dict[str, float | None], user=None) -> SchemeVersion:
    """Direct weights for one group: non-negative, not all zero, normalised to sum 1."""
    return save_plan(community_id, version, plan_direct(version, parent, entered), user)


def plan_direct(version: SchemeVersion, parent: str, entered: dict[str, float | None]
                ) -> Plan:
    """Direct weights for one group, checked and normalised but not saved."""
    scheme = schemes.scheme_of(version)
    g = group(scheme, parent)
    values = {}
    for node in g.children:
        value = entered.get(node.key)
        if value is None or not math.isfinite(value):
            raise WeightingError(node.key, _("Enter a number."))
        if value < 0:
            raise WeightingError(node.key, _("A weight cannot be negative."))
        values[node.key] = float(value)
    try:
        weights = direct_weights(values)
    except WeightsError:
        raise WeightingError("", _("All weights are zero; at least one must be positive.")
                             ) from None
    return Plan(parent, with_weights(scheme, parent, weights), "direct",
                {"entered": values, "weights": weights})


# --------------------------------------------------------------------------- AHP


def parse_judgement(raw: str) -> float:
    """A value of Saaty's scale as offered in the form ('3', '1/5')."""
    if raw not in SAATY_VALUES:
        raise ValueError(raw)
    return float(Fraction(raw))


def pairwise_matrix(n: int, judgements: dict[tuple[int, int], float]) -> list[list[float]]:
    """The reciprocal matrix from the upper-triangle judgements a_ij (i < j)."""
    a = [[1.0] * n for _i in range(n)]
    for (i, j), value in judgements.items():
        a[i][j], a[j][i] = value, 1.0 / value
    return a


def ahp_check(g: Group, matrix: list[list[float]]):
    """AHP weights of a group's matrix; WeightingError naming the worst pair when CR ≥ 0.10."""
    names = labels_of(g)
    try:
        res = ahp_weights(matrix, labels=names, max_cr=None)
    except WeightsError as exc:
        raise WeightingError("", str(exc)) from None
    if res.cr >= CR_LIMIT:
        a, b = res.worst_pair
        i, j = names.index(a), names.index(b)
        raise WeightingError("", _(
            "The comparisons are too inconsistent: CR = %(cr).3f, which is not below 0.10. "
            "The most inconsistent pair is %(a)s and %(b)s: you said %(said)s, while your "
            "other answers imply about %(implied)s. Please review this pair.",
            cr=res.cr, a=a, b=b, said=_fmt_ratio(matrix[i][j]),
            implied=_fmt_ratio(res.worst_pair_suggested)))
    return res


def worst_pair(matrix: list[list[float]]) -> tuple[int, int] | None:
    """Indices (i < j) of the most inconsistent pair of a matrix, as ahp_check names it."""
    n = len(matrix)
    try:
        res = ahp_weights(matrix, labels=[str(i) for i in range(n)], max_cr=None)
    except WeightsError:
        return None
    if res.worst_pair is None:
        return None
    i, j = sorted(int(x) for x in res.worst_pair)
    return i, j


def _fmt_ratio(x: float) -> str:
    """3 → '3', 0.2 → '1/5', 2.37 → '2.4'."""
    if x >= 1:
        return f"{x:.2g}" if abs(x - round(x)) > 0.05 else str(round(x))
    inv = 1 / x
    return f"1/{round(inv)}" if abs(inv - round(inv)) < 0.05 else f"1/{inv:.2g}"


def save_ahp(community_id: int, version: SchemeVersion, parent: str,
             judgements: dict[tuple[int, int], float], user=None) -> SchemeVersion:
    """AHP weights for one group from pairwise judgements; refused when CR ≥ 0.10."""
    return save_plan(community_id, version, plan_ahp(version, parent, judgements), user)


def plan_ahp(version: SchemeVersion, parent: str, judgements: dict[tuple[int, int], float]
             ) -> Plan:
    """AHP weights for one group, not saved; WeightingError while CR ≥ 0.10."""
    scheme = schemes.scheme_of(version)
    g = group(scheme, parent)
    n = len(g.children)
    missing = [(i, j) for i in range(n) for j in range(i + 1, n) if (i, j) not in judgements]
    if missing:
        raise WeightingError("", _("Answer every comparison."))
    matrix = pairwise_matrix(n, judgements)
    res = ahp_check(g, matrix)
    keys = [c.key for c in g.children]
    weights = dict(zip(keys, map(float, res.weights), strict=True))
    return Plan(parent, with_weights(scheme, parent, weights, matrix), "ahp", {
        "labels": keys, "matrix": matrix, "weights": weights, "lambda_max": res.lambda_max,
        "ci": res.ci, "ri": res.ri, "cr": res.cr, "ri_source": RI_SOURCE})


# --------------------------------------------------------------------------- entropy


def entropy_units(version: SchemeVersion, parent: str, periods: list, units: str
                  ) -> tuple[list[str], list[str], list[list[float]], int]:
    """The units × children score matrix for entropy weights: (row labels, keys, rows, dropped).

    units='buildings': one row per building and period (the owner-survey dimension scores of
    the building's respondents); units='periods': one row per period (combined scores C_d).
    Rows with a missing child score are dropped (entropy needs complete rows).
    """
    from .services import ResultError, period_result

    scheme = schemes.scheme_of(version)
    g = group(scheme, parent)
    keys = [c.key for c in g.children]
    names, rows, dropped = [], [], 0
    for period in periods:
        try:
            result = period_result(period, version)
        except ResultError as exc:
            raise WeightingError("", _("Period %(label)s: %(error)s", label=period.label,
                                       error=str(exc))) from None
        for name, leaf_scores in _unit_scores(result, units, period.label):
            scores = tree_scores(scheme.dimensions, leaf_scores)
            row = [_finite(scores.get(k)) for k in keys]
            if any(v is None for v in row):
                dropped += 1
                continue
            names.append(name)
            rows.append(row)
    return names, keys, rows, dropped


def _unit_scores(result, units: str, period_label: str):
    """(unit name, leaf → score) pairs of one period's result."""
    if units == "periods":
        yield period_label, {d: r.combined for d, r in result.dimensions.items()}
        return
    for name, g in sorted(result.groups.items()):
        yield f"{period_label} {name}", dict(g.scores)


def _finite(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def save_entropy(community_id: int, version: SchemeVersion, parent: str, periods: list,
                 units: str, user=None) -> SchemeVersion:
    """Entropy weights for one group from the chosen periods' data."""
    return save_plan(community_id, version, plan_entropy(version, parent, periods, units), user)


def plan_entropy(version: SchemeVersion, parent: str, periods: list, units: str) -> Plan:
    """Entropy weights for one group from the chosen periods' data, not saved."""
    if units not in ENTROPY_UNITS:
        raise WeightingError("units", _("Choose buildings or periods as units."))
    if not periods:
        raise WeightingError("periods", _("Choose at least one period."))
    names, keys, rows, dropped = entropy_units(version, parent, periods, units)
    if len(rows) < 2:
        raise WeightingError("", _(
            "Entropy weights need at least 2 units with a score on every dimension of the "
            "group; the chosen periods give %(n)d. Choose more periods or other units.",
            n=len(rows)))
    try:
        res = entropy_weights(rows)
    except WeightsError as exc:
        raise WeightingError("", _("Entropy weights cannot be computed from these data: %(e)s",
                                   e=str(exc))) from None
    weights = dict(zip(keys, map(float, res.weights), strict=True))
    scheme = schemes.scheme_of(version)
    return Plan(parent, with_weights(scheme, parent, weights), "entropy", {
        "units": units, "periods": [{"id": p.id, "label": p.label} for p in periods],
        "rows": names, "labels": keys, "matrix": rows, "dropped": dropped,
        "entropy": [float(e) for e in res.entropy], "weights": weights})


# --------------------------------------------------------------------------- report tables


def ahp_tables(result) -> list[dict]:
    """Each AHP matrix of a result's scheme with its weights, λmax, CI, RI and CR (by key).

    The figures are the method details stored when the weights were set (save_ahp, recorded
    in the result's scheme version); only a matrix that came in a scheme file has none
    stored, and its figures are worked out here.
    """
    scheme = result.scheme
    version = result.meta.get("scheme_version") or {}
    stored = (version.get("method_details") or {}).get("groups") or {}
    children = _children(scheme.get("dimensions") or [], ROOT, {})
    out = []
    for parent, matrix in (scheme.get("ahp") or {}).items():
        keys = children.get(parent, [])
        entry = stored.get(parent) or {}
        if entry.get("method") == "ahp" and _same_matrix(entry.get("matrix"), matrix):
            out.append(_stored_table(parent, keys, matrix, entry))
        else:
            out.append(_computed_table(parent, keys, matrix))
    return out


def _children(nodes: list[dict], parent: str, out: dict) -> dict[str, list[str]]:
    """Parent key ('_root' for the top) → its children's keys, from a scheme definition."""
    out[parent] = [n["key"] for n in nodes]
    for n in nodes:
        if n.get("children"):
            _children(n["children"], n["key"], out)
    return out


def _same_matrix(a, b) -> bool:
    try:
        return a is not None and len(a) == len(b) and all(
            math.isclose(x, y) for ra, rb in zip(a, b, strict=True)
            for x, y in zip(ra, rb, strict=True))
    except (TypeError, ValueError):
        return False


def _stored_table(parent: str, keys: list[str], matrix, entry: dict) -> dict:
    weights = entry.get("weights") or {}
    return {"parent": parent, "keys": keys, "matrix": matrix,
            "weights": [weights.get(k) for k in keys], "lambda_max": entry.get("lambda_max"),
            "ci": entry.get("ci"), "ri": entry.get("ri"), "cr": entry.get("cr"),
            "consistent": entry.get("cr") is not None and entry["cr"] < CR_LIMIT}


def _computed_table(parent: str, keys: list[str], matrix) -> dict:
    try:
        res = ahp_weights(matrix, labels=keys, max_cr=None)
    except WeightsError as exc:
        return {"parent": parent, "error": str(exc)}
    return {"parent": parent, "keys": keys, "matrix": matrix,
            "weights": [float(w) for w in res.weights], "lambda_max": res.lambda_max,
            "ci": res.ci, "ri": res.ri, "cr": res.cr, "consistent": res.consistent}
