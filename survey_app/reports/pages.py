"""Presentation helpers for the PDF report: tables arranged from results (no statistics)."""

from __future__ import annotations

from dataclasses import replace

from ..results.pages import label, trend_values


def _walk(nodes):
    for n in nodes or []:
        yield n
        yield from _walk(n.get("children"))


def ahp_tables(tables: list[dict], scheme: dict) -> list[dict]:
    """The result's AHP tables (results.weighting.ahp_tables) with labels for their keys."""
    labels = {n["key"]: label(n.get("label")) for n in _walk(scheme.get("dimensions"))}
    out = []
    for table in tables:
        if "error" in table:
            out.append(table)
            continue
        out.append({**table, "parent": labels.get(table["parent"], table["parent"]),
                    "labels": [labels.get(k, k) for k in table["keys"]]})
    return out


def weight_rows(result) -> list[dict]:
    """Dimension tree with nominal, global and effective weights."""
    rows = []
    for n in _walk(result.scheme.get("dimensions")):
        node = result.nodes.get(n["key"])
        rows.append({"label": label(n.get("label")), "level": node.level if node else 1,
                     "weight": n.get("weight"),
                     "global": node.global_weight if node else None,
                     "effective": node.effective_weight if node else None})
    return rows


def trend_rows(trend, view) -> list[dict]:
    """The trend table: each period's composite and combined dimension scores."""
    return [{"label": p["label"], "composite": p["composite"], "scores": p["scores"]}
            for p in trend_values(trend, view.rows)]


def in_questionnaire_order(items, item_labels: dict[str, dict[str, str]]):
    """Item tables with inspection and third-party items in questionnaire order, as owners
    and committees know them (item_labels lists each source's items in that order)."""
    def ordered(rows, source):
        order = {key: n for n, key in enumerate(item_labels.get(source) or {})}
        return tuple(sorted(rows, key=lambda row: order.get(row.item, len(order))))

    return replace(items, inspection=ordered(items.inspection, "inspection"),
                   third_party=ordered(items.third_party, "third_party"))


# --------------------------------------------------------------------------- weighting section


#: the top of the dimension tree in scheme definitions (results.weighting.ROOT)
ROOT = "_root"


def _groups(nodes, parent: str, out: dict) -> dict[str, list[dict]]:
    """Weight group (parent key) → its child nodes, top first."""
    if nodes:
        out[parent] = list(nodes)
    for n in nodes or []:
        _groups(n.get("children"), n["key"], out)
    return out


def _group_method(parent: str, scheme: dict, version: dict) -> tuple[str, dict]:
    """How one group's weights were set: the method stored when they were saved, else the
    scheme file's own (an AHP matrix, entropy computed per period, or entered weights)."""
    entry = ((version.get("method_details") or {}).get("groups") or {}).get(parent)
    if entry and entry.get("method"):
        return entry["method"], entry
    if parent in (scheme.get("ahp") or {}):
        return "ahp", {}
    if scheme.get("weight_method") == "entropy":
        return "entropy", {}
    return "direct", {}


def weight_methods(result) -> list[dict]:
    """Per weight group: its name, the method (direct, ahp, entropy) and the method's name."""
    from flask_babel import gettext as _

    scheme = result.scheme
    version = result.meta.get("scheme_version") or {}
    labels = {n["key"]: label(n.get("label")) for n in _walk(scheme.get("dimensions"))}
    names = {"direct": _("direct weights"), "ahp": _("analytic hierarchy process (AHP)"),
             "entropy": _("entropy weights")}
    out = []
    for parent in _groups(scheme.get("dimensions"), ROOT, {}):
        method, entry = _group_method(parent, scheme, version)
        periods = [p.get("label") for p in entry.get("periods") or []]
        out.append({"group": _("Dimensions") if parent == ROOT else labels.get(parent, parent),
                    "method": method, "name": names.get(method, method),
                    "periods": periods,
                    "units": {"buildings": _("buildings"), "periods": _("periods")}.get(
                        entry.get("units"), "")})
    return out


def weight_table(result) -> dict:
    """Rows of the weighting table and whether the nominal weights differ from the effective
    ones (only then is the nominal column shown: M6 counts the effective weight)."""
    rows = weight_rows(result)
    differ = any(r["global"] is not None and r["effective"] is not None
                 and abs(r["global"] - r["effective"]) > 5e-4 for r in rows)
    return {"rows": rows, "show_nominal": differ,
            "tree": any((r["level"] or 1) > 1 for r in rows)}


def band_texts(scheme: dict, language: str) -> list[str]:
    """Grade bands in words, best first: 'label ≥ min' and for the lowest 'label < next min'."""
    bands = sorted(scheme.get("bands") or [], key=lambda b: -float(b.get("min_score") or 0))
    out = []
    for i, band in enumerate(bands):
        name = label(band.get("label"), language) or band.get("key", "")
        if i == len(bands) - 1 and i > 0:
            out.append(f"{name} < {_fmt(bands[i - 1].get('min_score'))}")
        else:
            out.append(f"{name} ≥ {_fmt(band.get('min_score'))}")
    return out


def _fmt(x) -> str:
    x = float(x or 0)
    return f"{x:.0f}" if x == int(x) else f"{x:g}"


# --------------------------------------------------------------------------- summary page


def summary(view, doc) -> list[str]:
    """The summary's conclusion in sentences: level, change, strongest and weakest, main
    problems, rectification status (words only; every number comes from the view)."""
    sentences = [_level(view), _change(view), _extremes(view), _owner_changes(view),
                 _problems(view, doc), _rectifications(doc)]
    return [s for s in sentences if s]


def _tr():
    from flask_babel import gettext  # inside the report's force_locale

    return gettext


def _n(x) -> str:
    return f"{x:.1f}"


def _level(view) -> str:
    _ = _tr()
    if view.composite is None:
        return _("No dimension has data yet, so there is no composite index.")
    return _("The composite index is %(score)s, grade “%(grade)s”.",
             score=_n(view.composite), grade=view.grade)


def _change(view) -> str:
    _ = _tr()
    d = view.composite_change
    if d is None:
        return _("There is no earlier period to compare with.")
    if round(d, 1) == 0:
        return _("It is unchanged against %(period)s.", period=view.previous_label)
    if d > 0:
        return _("It rose by %(d)s points against %(period)s.", d=_n(d),
                 period=view.previous_label)
    return _("It fell by %(d)s points against %(period)s.", d=_n(-d),
             period=view.previous_label)


def _extremes(view) -> str:
    _ = _tr()
    if view.strongest is None or view.strongest is view.weakest:
        return ""
    return _("The strongest dimension is %(s)s (%(sv)s), the weakest %(w)s (%(wv)s).",
             s=view.strongest.label, sv=_n(view.strongest.combined),
             w=view.weakest.label, wv=_n(view.weakest.combined))


def _owner_changes(view) -> str:
    from ..templating import list_separator

    _ = _tr()
    up = [r.label for r in view.changes if r.delta.delta and r.delta.delta > 0]
    down = [r.label for r in view.changes if r.delta.delta and r.delta.delta < 0]
    parts = []
    if up:
        parts.append(_("Owners rated %(dims)s significantly higher than last period.",
                       dims=list_separator().join(up)))
    if down:
        parts.append(_("Owners rated %(dims)s significantly lower than last period.",
                       dims=list_separator().join(down)))
    return "".join(parts) if _is_zh() else " ".join(parts)


def _problems(view, doc) -> str:
    from ..templating import list_separator

    _ = _tr()
    problems = (doc.context.get("conclusions") or {}).get("problems") or []
    if problems:
        sep = "；" if _is_zh() else "; "
        return _("Main problems named by the third-party assessors: %(list)s.",
                 list=sep.join(p.rstrip("。.;；") for p in problems[:3]))
    focus = [p["dimension"] for p in view.ipa if p["quadrant"] == "concentrate_here"]
    if focus:
        return _("Owners care most about %(dims)s and are less satisfied with it: improve "
                 "this first.", dims=list_separator().join(focus))
    low = [r.label for r in view.rows if r.combined is not None and r.combined < 60]
    if low:
        return _("Below the pass line (60): %(dims)s.", dims=list_separator().join(low))
    return ""


def _rectifications(doc) -> str:
    _ = _tr()
    rows = doc.context.get("rectifications") or []
    if not rows:
        return ""
    closed = sum(1 for r in rows if r["status_key"] == "verified")
    overdue = sum(1 for r in rows if r.get("overdue"))
    return _("Of %(n)d rectifications opened at the signed inspections, %(c)d are verified "
             "and closed, %(o)d still open, %(late)d of them overdue.",
             n=len(rows), c=closed, o=len(rows) - closed, late=overdue)


def _is_zh() -> bool:
    from ..results.pages import lang

    return lang() == "zh_CN"


def comment_rows(view, doc) -> dict:
    """The comments table: per dimension only when some comment question belongs to one
    (otherwise a column of zeros would say owners had nothing to say); and the total."""
    counts = doc.comments or {}
    by_dimension = any(k is not None and v for k, v in counts.items())
    improve = doc.context.get("improvements") or {}
    return {"by_dimension": by_dimension, "total": sum(counts.values()),
            "general": counts.get(None, 0),
            "rows": [{"label": r.label, "comments": counts.get(r.key, 0),
                      "improvements": improve.get(r.key, 0)} for r in view.rows],
            "improvements": bool(improve)}
