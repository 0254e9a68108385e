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
    from ..results.texts import gettext as _

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
