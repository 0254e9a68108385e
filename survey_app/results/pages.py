"""Presentation helpers for the results pages: labels, rows, flag texts (no statistics)."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from ..templating import list_separator
from . import schemes, weighting


def source_label(source: str | None) -> str:
    """A source in words."""
    return {
        "owner": _("Owner survey"), "inspection": _("Joint inspection"),
        "third_party": _("Third-party assessment"), "kpi": _("Feedback and repair KPIs"),
    }.get(source or "", source or "")


def method_label(method: str) -> str:
    """How weights were set, in words."""
    return {"file": _("scheme file"), "direct": _("direct entry"), "ahp": _("AHP"),
            "entropy": _("entropy")}.get(method, method)


def requested_version(version_id: int | None, community_id: int):
    """The scheme version asked for in ?scheme=, else the community's active one."""
    if version_id is None:
        return schemes.active_version(community_id)
    return schemes.get_version(version_id) or abort(404)


def version_choices() -> list[SelectChoice]:
    """(id, title) of every stored scheme version."""
    schemes.ensure_default()
    return [SelectChoice(v.id, f"{v.title} · {method_label(v.weight_method)}")
            for v in schemes.versions()]


def scheme_tree(version) -> list[dict]:
    """Rows of the dimension tree with local and global weights, depth first."""
    scheme = schemes.scheme_of(version)
    global_w = _global_weights(scheme.dimensions, 1.0, {})
    rows = []

    def walk(nodes, level, parent):
        total = sum(n.weight for n in nodes) or 1.0
        for n in nodes:
            rows.append({"key": n.key, "label": schemes.label_text(n.label, n.key),
                         "level": level, "local": n.weight / total, "global": global_w[n.key],
                         "parent": parent, "leaf": not n.children})
            walk(n.children, level + 1, n.key)

    walk(scheme.dimensions, 1, weighting.ROOT)
    return rows


def _global_weights(nodes, parent: float, out: dict) -> dict:
    total = sum(n.weight for n in nodes) or 1.0
    for n in nodes:
        out[n.key] = parent * n.weight / total
        _global_weights(n.children, out[n.key], out)
    return out


def attach_error(form, exc: weighting.WeightingError, prefix: str) -> str | None:
    """Put a weighting error on its field; returns the form-level message otherwise."""
    name = f"{prefix}{exc.field}" if exc.field else None
    if name and name in form:
        form[name].errors = list(form[name].errors) + [str(exc)]
        return None
    return str(exc)


def ahp_defaults(version, parent: str, n: int) -> dict[str, str]:
    """The judgements stored with the active version for this group (else all '1')."""
    entry = (version.method_details or {}).get("groups", {}).get(parent) or {}
    matrix = entry.get("matrix") if entry.get("method") == "ahp" else None
    out = {}
    for i in range(n):
        for j in range(i + 1, n):
            out[f"p_{i}_{j}"] = _nearest(matrix[i][j]) if matrix and len(matrix) == n else "1"
    return out


def _nearest(value: float) -> str:
    """The scale value closest to a stored judgement."""
    from fractions import Fraction

    return min(weighting.SAATY_VALUES, key=lambda v: abs(float(Fraction(v)) - value))


def ahp_judgements(form, n: int) -> dict[tuple[int, int], float]:
    """Upper-triangle judgements from the AHP form."""
    out = {}
    for i in range(n):
        for j in range(i + 1, n):
            try:
                out[(i, j)] = weighting.parse_judgement(form[f"p_{i}_{j}"].data)
            except ValueError:
                raise weighting.WeightingError(_("Choose one of the offered judgements."),
                                               f"p_{i}_{j}") from None
    return out


def ahp_pairs(form, n: int) -> list[dict]:
    """The form's pair fields with their indices (for the template and the script)."""
    return [{"i": i, "j": j, "field": form[f"p_{i}_{j}"]}
            for i in range(n) for j in range(i + 1, n)]


def dim_labels(result) -> dict[str, str]:
    """Dimension and node key → label in the current language."""
    labels = {k: schemes.label_text(n.label, k) for k, n in result.nodes.items()}
    labels.update({k: schemes.label_text(d.label, k) for k, d in result.dimensions.items()})
    return labels


def flag_text(flag, labels: dict[str, str]) -> str:
    """A flag explained in words."""
    dim = labels.get(flag.dimension or "", flag.dimension or "")
    value = flag.value
    p = flag.params or {}
    texts = {
        "sample_small": lambda: _(
            "Small sample: %(n)s responses, fewer than the %(target)s needed for ±5 %% at 95 %% "
            "confidence (Cochran). Treat the owner-survey scores with caution.",
            n=_int(value), target=p.get("target", "?")),
        "alpha_low": lambda: _(
            "%(dim)s: Cronbach's α = %(a)s is below 0.7, so the items of this dimension do not "
            "measure one thing consistently.", dim=dim, a=_num(value, 2)),
        "alpha_undefined": lambda: _(
            "%(dim)s: Cronbach's α cannot be computed (for example all answers are equal or too "
            "few complete answers).", dim=dim),
        "agreement_low": lambda: _(
            "%(dim)s: low agreement between assessors (ICC(2,k) = %(v)s, below 0.75).",
            dim=dim or _("All items"), v=_num(value, 2)),
        "agreement_undefined": lambda: _(
            "%(dim)s: agreement between assessors cannot be computed.", dim=dim or _("All items")),
        "cr_high": lambda: _("AHP consistency ratio CR = %(v)s is not below 0.10.",
                             v=_num(value, 3)),
        "ci_unavailable": lambda: _(
            "%(dim)s: only one respondent, so no confidence interval.", dim=dim),
        "single_respondent": lambda: _(
            "Only one owner answered; scores are shown but no interval can be given."),
        "no_owner_data": lambda: _("No owner-survey answers in this period."),
        "bootstrap_unavailable": lambda: _(
            "The bootstrap interval needs at least two respondents."),
        "dimension_missing": lambda: _(
            "%(dim)s: no source has data; the dimension is left out of the index, not scored 0.",
            dim=dim),
        "source_missing": lambda: _(
            "%(dim)s: no data from %(source)s; the other sources are weighted up.",
            dim=dim, source=source_label(flag.source)),
        "composite_missing": lambda: _("No dimension has data, so there is no composite index."),
        "composite_partial": lambda: _(
            "The composite index leaves out dimensions without data: %(list)s.",
            list=list_separator().join(labels.get(k, k) for k in p.get("missing", []))),
        "entropy_fallback": lambda: _(
            "Entropy weights could not be computed for this period; the scheme's weights were "
            "used instead."),
        "rectifications_open": lambda: _(
            "Rectifications: %(v)s of %(o)s verified as closed.",
            v=p.get("verified", "?"), o=p.get("opened", "?")),
        "significant_change": lambda: _(
            "%(dim)s: the change from the previous period (%(d)s points) is significant "
            "(Mann–Whitney %(p)s).", dim=dim, d=_num(value, 1), p=_p_value(p.get("p"))),
        "satisfaction_change": lambda: _(
            "%(dim)s: the satisfaction rate changed significantly from the previous period "
            "(%(p)s).", dim=dim, p=_p_value(p.get("p"))),
        "concentrate_here": lambda: _(
            "%(dim)s: important to owners but performing below the others — concentrate here.",
            dim=dim),
    }
    make = texts.get(flag.code)
    return make() if make else _("Note: %(code)s %(dim)s", code=flag.code, dim=dim)


def _p_value(p) -> str:
    """'p = 0.047', or 'p < 0.001' where three decimals would print a misleading 0.000."""
    if p is None:
        return "p = —"
    return "p < 0.001" if float(p) < 0.001 else f"p = {float(p):.3f}"


def _num(x, digits: int) -> str:
    return "—" if x is None else f"{float(x):.{digits}f}"


def _int(x) -> str:
    return "—" if x is None else str(int(x))


def result_view(result) -> dict:
    """What the results template needs beyond the result itself: labels and flag texts."""
    labels = dim_labels(result)
    warnings = [f for f in result.flags if f.level != "info"]
    notes = [f for f in result.flags if f.level == "info" and f.code != "source_missing"]
    has_tree = any(n.children for n in result.nodes.values())
    return {
        "labels": labels,
        "warnings": [flag_text(f, labels) for f in warnings],
        "notes": [flag_text(f, labels) for f in notes],
        "has_tree": has_tree,
        "tree": [n for n in result.nodes.values()] if has_tree else [],
        "source_label": source_label,
        "grade_label": {b["key"]: schemes.label_text(b["label"], b["key"])
                        for b in result.scheme.get("bands", [])},
    }
