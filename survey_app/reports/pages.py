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
