"""Report data → HTML (Jinja, print CSS) → PDF (WeasyPrint).

``report_html`` is pure presentation of the numbers the results service gave; ``write_pdf`` times the two
stages separately so that the benchmark can show where the time goes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import current_app, render_template
from flask_babel import force_locale

from ..results import pages as result_pages
from ..results.services import ReportNumbers
from ..results.weighting import CR_LIMIT, SAATY_RI
from . import charts, pages


@dataclass
class ReportInput:
    """Everything one PDF shows, gathered before rendering (numbers from results)."""

    community: object
    period: object
    numbers: ReportNumbers
    language: str = "zh_CN"
    quotes: list[str] = field(default_factory=list)
    comments: dict[str, int] = field(default_factory=dict)
    context: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    @property
    def result(self):
        """The period's PeriodResult."""
        return self.numbers.result

    @property
    def items(self):
        """The period's item tables (stats ItemTables)."""
        return self.numbers.items


@dataclass
class Rendered:
    """A rendered PDF with its timings (seconds)."""

    pdf: bytes
    pages: int
    prepare_seconds: float
    weasy_seconds: float
    prepare_cpu: float = 0.0
    weasy_cpu: float = 0.0


def report_html(doc: ReportInput) -> str:
    """The report as one HTML document, in the report's language."""
    with force_locale(doc.language):
        view = result_pages.period_view(doc.result, doc.numbers.trend, doc.numbers.breaks)
        view.charts = {key: charts.as_img(svg) for key, svg
                       in charts.period_charts(view, doc.numbers.trend).items()}
        scheme = doc.result.scheme
        return render_template(
            "reports/pdf/report.html", doc=doc, view=view, scheme=scheme,
            sources=result_pages.source_labels(),
            ahp=pages.ahp_tables(doc.numbers.ahp, scheme), methods=pages.weight_methods(doc.result),
            weight_table=pages.weight_table(doc.result),
            bands=pages.band_texts(scheme, doc.language),
            ri=list(enumerate(SAATY_RI, start=1)), cr_limit=CR_LIMIT,
            label=result_pages.label, dim_labels={r.key: r.label for r in view.rows},
            trend_rows=pages.trend_rows(doc.numbers.trend, view),
            summary=pages.summary(view, doc), comments=pages.comment_rows(view, doc),
            generated=local_now())


def local_now() -> datetime:
    """Now in the community's time zone (Asia/Shanghai by default), as the notice shows times."""
    from ..feedback.clock import zone

    return datetime.now(UTC).astimezone(zone())


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
