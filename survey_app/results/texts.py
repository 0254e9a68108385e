"""Words for results: gettext outside requests, source and method names, flag texts."""

from __future__ import annotations

from flask import has_request_context
from flask_babel import gettext as _babel_gettext

from ..templating import list_separator


def gettext(message: str, **variables) -> str:
    """The message in the user's language inside a request, else the English source."""
    if has_request_context():
        return _babel_gettext(message, **variables)
    return message % variables if variables else message


_ = gettext


def source_label(source: str | None) -> str:
    """A source in words."""
    return {
        "owner": _("Owner survey"), "inspection": _("Joint inspection"),
        "third_party": _("Third-party assessment"), "kpi": _("Feedback and repair KPIs"),
        "internal": _("Internal inspection"),
    }.get(source or "", source or "")


def method_label(method: str) -> str:
    """How weights were set, in words."""
    return {"file": _("scheme file"), "direct": _("direct entry"), "ahp": _("AHP"),
            "entropy": _("entropy")}.get(method, method)


def flag_text(flag, labels: dict[str, str]) -> str:
    """A flag explained in words."""
    dim = labels.get(flag.dimension or "", flag.dimension or "")
    texts = _quality_texts(flag, dim) | _combination_texts(flag, dim, labels)
    make = texts.get(flag.code)
    return make() if make else _("Note: %(code)s %(dim)s", code=flag.code, dim=dim)


def _quality_texts(flag, dim: str) -> dict:
    """Texts of the flags on samples, reliability and agreement."""
    value, p = flag.value, flag.params or {}
    return {
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
    }


def _combination_texts(flag, dim: str, labels: dict[str, str]) -> dict:
    """Texts of the flags on missing data, weights, rectifications and changes."""
    value, p = flag.value, flag.params or {}
    return {
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
            "%(dim)s: the owner survey score's change from the previous period (%(d)s "
            "points) is significant (Mann–Whitney %(p)s).", dim=dim, d=_num(value, 1),
            p=_p_value(p.get("p"))),
        "satisfaction_change": lambda: _(
            "%(dim)s: the satisfaction rate changed significantly from the previous period "
            "(%(p)s).", dim=dim, p=_p_value(p.get("p"))),
        "ipa_importance_flat": lambda: ipa_flat_text(value, p.get("resolution")),
        "concentrate_here": lambda: _(
            "%(dim)s: important to owners but performing below the others — concentrate here.",
            dim=dim),
    }


def ipa_flat_text(spread, resolution) -> str:
    """Why the importance axis of the IPA grid cannot be acted on."""
    return _("Importance–performance analysis: the importance values differ by only %(s)s, "
             "less than the uncertainty of one value (±%(r)s), so which dimensions matter "
             "more to owners cannot be told from these data; read the performance axis only.",
             s=_num(spread, 2), r=_num(resolution, 2))


def _p_value(p) -> str:
    """'p = 0.047', or 'p < 0.001' where three decimals would print a misleading 0.000."""
    if p is None:
        return "p = —"
    return "p < 0.001" if float(p) < 0.001 else f"p = {float(p):.3f}"


def _num(x, digits: int) -> str:
    return "—" if x is None else f"{float(x):.{digits}f}"


def _int(x) -> str:
    return "—" if x is None else str(int(x))
