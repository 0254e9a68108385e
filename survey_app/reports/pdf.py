"""Report data → HTML (Jinja, print CSS) → PDF (WeasyPrint).

``report_html`` is pure presentation of already computed values; ``write_pdf`` times the two
stages separately so that the benchmark can show where the time goes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale

from ..stats.weights import CR_LIMIT, RI_SOURCE, SAATY_RI, WeightsError, ahp_weights
from . import charts
from . import view as view_mod


@dataclass
class ReportInput:
    """Everything one PDF shows, gathered before rendering."""

    community: object
    period: object
    result: dict
    trend: list[tuple[str, dict]]
    items: dict[str, list[dict]]
    language: str = "zh_CN"
    quotes: list[str] = field(default_factory=list)
    comments: dict[str, int] = field(default_factory=dict)
    context: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)


@dataclass
class Rendered:
    """A rendered PDF with its timings (seconds)."""

    pdf: bytes
    pages: int
    prepare_seconds: float
    weasy_seconds: float
    prepare_cpu: float = 0.0
    weasy_cpu: float = 0.0


def ahp_tables(scheme: dict) -> list[dict]:
    """Each AHP matrix of a scheme with its weights, λmax, CI, RI and CR."""
    labels = {n["key"]: view_mod.label(n.get("label")) for n in _walk(scheme.get("dimensions"))}
    children = {"_root": [n["key"] for n in scheme.get("dimensions") or []]}
    children.update({n["key"]: [c["key"] for c in n.get("children") or []]
                     for n in _walk(scheme.get("dimensions")) if n.get("children")})
    out = []
    for parent, matrix in (scheme.get("ahp") or {}).items():
        keys = children.get(parent, [])
        try:
            res = ahp_weights(matrix, labels=keys, max_cr=None)
        except WeightsError as exc:
            out.append({"parent": parent, "error": str(exc)})
            continue
        out.append({"parent": labels.get(parent, parent), "labels": [labels.get(k, k)
                                                                    for k in keys],
                    "matrix": matrix, "weights": [float(w) for w in res.weights],
                    "lambda_max": res.lambda_max, "ci": res.ci, "ri": res.ri, "cr": res.cr,
                    "consistent": res.consistent})
    return out


def _walk(nodes):
    for n in nodes or []:
        yield n
        yield from _walk(n.get("children"))


def weight_rows(scheme: dict, result: dict) -> list[dict]:
    """Dimension tree with nominal, global and effective weights."""
    nodes = result.get("nodes") or {}
    rows = []
    for n in _walk(scheme.get("dimensions")):
        node = nodes.get(n["key"]) or {}
        rows.append({"label": view_mod.label(n.get("label")), "level": node.get("level", 1),
                     "weight": n.get("weight"), "global": node.get("global_weight"),
                     "effective": node.get("effective_weight")})
    return rows


def report_html(doc: ReportInput) -> str:
    """The report as one HTML document, in the report's language."""
    with force_locale(doc.language):
        view = view_mod.build(doc.result, doc.trend)
        view.charts = {key: charts.as_img(svg) for key, svg in view.charts.items()}
        scheme = doc.result.get("scheme") or {}
        return render_template(
            "reports/pdf/report.html", doc=doc, view=view, scheme=scheme,
            sources=view_mod.source_labels(), ahp=ahp_tables(scheme),
            weights=weight_rows(scheme, doc.result), ri=list(enumerate(SAATY_RI, start=1)),
            ri_source=RI_SOURCE, cr_limit=CR_LIMIT, label=view_mod.label,
            dim_labels={r.key: r.label for r in view.rows},
            trend_rows=_trend_rows(doc.trend, view), generated=datetime.now())


def _trend_rows(trend, view) -> list[dict]:
    return [{"label": name, "composite": (r.get("composite") or {}).get("score"),
             "scores": [((r.get("dimensions") or {}).get(row.key) or {}).get("combined")
                        for row in view.rows]} for name, r in trend]


_FONTS = None


def font_config():
    """One WeasyPrint FontConfiguration per process: fontconfig is set up only once."""
    global _FONTS
    if _FONTS is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONTS = FontConfiguration()
    return _FONTS


def warm_up() -> float:
    """Load WeasyPrint, fontconfig and the CJK font, and compile the report template, once
    per process (seconds taken; serving.py calls it as each worker starts)."""
    import weasyprint

    start = time.perf_counter()
    weasyprint.HTML(string='<p style="font-family: \'Noto Sans CJK SC\'">测评 Report</p>'
                    ).render(font_config=font_config()).write_pdf()
    current_app.jinja_env.get_template("reports/pdf/report.html")  # compiled, then cached
    return time.perf_counter() - start


def write_pdf(doc: ReportInput) -> Rendered:
    """Render the PDF; returns bytes, page count and the wall and CPU time of each stage."""
    import weasyprint

    start, cpu0 = time.perf_counter(), time.process_time()
    html = report_html(doc)
    prepared, cpu1 = time.perf_counter(), time.process_time()
    document = weasyprint.HTML(string=html, base_url=".").render(font_config=font_config())
    pdf = document.write_pdf()
    done, cpu2 = time.perf_counter(), time.process_time()
    return Rendered(pdf, len(document.pages), prepared - start, done - prepared,
                    cpu1 - cpu0, cpu2 - cpu1)
