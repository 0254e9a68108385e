"""SVG charts (Matplotlib, Agg) shared by the dashboard and the PDF report.

Every chart takes plain values prepared by ``survey_app.results.pages`` (no database, no
statistics here) and returns an SVG string without the XML prologue, ready to inline;
``period_charts`` draws the charts of a period view.
A CJK font is located once at import time; without one the module refuses to load, because
charts with missing-glyph boxes must never reach a notice board.
"""

from __future__ import annotations

import io
import math
import re
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from flask_babel import gettext as _  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ..results import pages  # noqa: E402

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                "Noto Sans CJK JP")
CJK_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",)

#: colours per source: owner survey, joint inspection, third party, combined
SOURCE_COLOURS = {"owner": "#3b82c4", "inspection": "#d08a2c", "third_party": "#7a5cb8",
                  "kpi": "#6b7c8f", "combined": "#0b6e4f"}
QUADRANT_COLOURS = {"concentrate_here": "#c53030", "keep_up_good_work": "#2f855a",
                    "low_priority": "#718096", "possible_overkill": "#b7791f"}


class FontError(RuntimeError):
    """Raised at start-up when no CJK font is installed."""


def find_cjk_font() -> str:
    """The family name of an installed CJK font (Noto Sans CJK SC preferred), or FontError."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    for path in CJK_FILES:
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError):
            continue
        known = {f.name for f in font_manager.fontManager.ttflist}
        for family in CJK_FAMILIES:
            if family in known:
                return family
    raise FontError(
        "No CJK font found for charts: install Debian's fonts-noto-cjk "
        "(apt-get install fonts-noto-cjk) so that Noto Sans CJK SC is available.")


CJK_FONT = find_cjk_font()

_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [CJK_FONT, "DejaVu Sans"],
    "font.size": 9,
    "axes.unicode_minus": False,
    # text stays text: small, searchable SVG; the page/PDF renders it with its own CJK font
    "svg.fonttype": "none",
    "svg.hashsalt": "survey_app",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
}


@dataclass(frozen=True)
class Bar:
    """One dimension's scores per source with optional 95 % intervals."""

    label: str
    scores: dict[str, float | None]
    intervals: dict[str, tuple[float, float] | None]


@dataclass(frozen=True)
class TrendSeries:
    """A line over periods; ``significant[i]`` marks a significant change into period i."""

    label: str
    values: Sequence[float | None]
    significant: Sequence[bool]
    key: str = ""


@dataclass(frozen=True)
class IPAPointView:
    """A dimension in the importance–performance grid."""

    label: str
    performance: float
    importance: float
    quadrant: str


#: rc_context changes matplotlib's process-wide rcParams: threads (gthread workers, two
#: publications at once) must not interleave, or one draws CJK text with another's fonts
_STYLE_LOCK = threading.RLock()


@contextmanager
def _styled():
    """The chart style (CJK font first) for this thread's drawing, one thread at a time."""
    with _STYLE_LOCK, plt.rc_context(_RC):
        yield


def _figure(width: float, height: float) -> Figure:
    """A figure that is not registered with pyplot (no global state, thread-safe).

    No layout engine and no tight bounding box: each of those draws the whole figure again
    to measure its text. Margins are set from the label lengths instead (see ``_axes``).
    """
    with _styled():
        return Figure(figsize=(width, height), dpi=100)


def text_inches(text: str, size: float = 9.0) -> float:
    """Approximate width of a label: CJK characters are square, Latin about half as wide."""
    wide = sum(1 for ch in text if ord(ch) > 0x2E80)
    return (wide + 0.58 * (len(text) - wide)) * size / 72


def _axes(fig: Figure, left: float, right: float, top: float, bottom: float):
    """Axes with fixed margins in inches."""
    w, h = fig.get_size_inches()
    return fig.add_axes((left / w, bottom / h, 1 - (left + right) / w, 1 - (top + bottom) / h))


_PROLOGUE = re.compile(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)
_FONT = re.compile(r"font-family:\s*'?([^;'\"]+)'?")


def _svg(fig: Figure, title: str) -> str:
    """Serialise to inline SVG with a <title>, a generic CJK fallback and stable ids."""
    buf = io.StringIO()
    with _styled():
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = _PROLOGUE.sub("", buf.getvalue())
    fallback = f"'{CJK_FONT}', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
    text = _FONT.sub(f"font-family: {fallback}", text)
    text = text.replace("<svg ", '<svg role="img" class="chart" ', 1)
    text = _unique_ids(text, _slug(title))
    return re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + f"<title>{_escape(title)}</title>",
                  text, count=1)


def as_img(svg: str) -> str:
    """The same chart as an <img> with a data: URI, for the PDF.

    WeasyPrint then parses the SVG once as an image instead of running every SVG element
    through the HTML style cascade and layout, which is most of the time an inline chart costs.
    """
    import base64

    title = re.search(r"<title>(.*?)</title>", svg, re.S)
    alt = title.group(1).replace('"', "&quot;") if title else ""
    data = base64.b64encode(svg.encode()).decode()
    return f'<img class="chart" alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def _slug(title: str) -> str:
    """A short, stable id prefix for a chart (several charts share one HTML page)."""
    import hashlib

    return "c" + hashlib.sha1(title.encode()).hexdigest()[:8]


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id and #reference so that inlined charts do not clash."""
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def _rc(draw):
    """Run a drawing function with the chart style active (text properties are set at draw)."""
    def wrapper(*args, **kwargs):
        with _styled():
            return draw(*args, **kwargs)
    wrapper.__doc__ = draw.__doc__
    wrapper.__name__ = draw.__name__
    return wrapper


@_rc
def dimension_chart(bars: Sequence[Bar], source_labels: dict[str, str], title: str,
                    axis_label: str) -> str:
    """Horizontal grouped bars: each dimension's score per source, whiskers = 95 % CI."""
    sources = [s for s in source_labels if any(_finite(b.scores.get(s)) for b in bars)]
    n = max(len(bars), 1)
    fig = _figure(6.4, 1.3 + 0.2 * n * max(len(sources), 1))
    left = max((text_inches(b.label) for b in bars), default=0.5) + 0.2
    ax = _axes(fig, left, 0.15, 0.35, 0.75)
    height = 0.8 / max(len(sources), 1)
    for j, source in enumerate(sources):
        ys, xs, lo, hi = [], [], [], []
        for i, bar in enumerate(bars):
            value = bar.scores.get(source)
            if not _finite(value):
                continue
            y = i + (j - (len(sources) - 1) / 2) * height
            ys.append(y)
            xs.append(value)
            ci = bar.intervals.get(source)
            lo.append(value - ci[0] if ci and _finite(ci[0]) else 0)
            hi.append(ci[1] - value if ci and _finite(ci[1]) else 0)
            right = ci[1] if ci and _finite(ci[1]) else value
            ax.text(min(right, 100) + 0.8, y, f"{value:.1f}", va="center", fontsize=7)
        ax.barh(ys, xs, height=height * 0.92, color=SOURCE_COLOURS.get(source, "#999"),
                label=source_labels[source], xerr=[lo, hi],
                error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#333"})
    ax.set_yticks(range(len(bars)), [b.label for b in bars])
    ax.invert_yaxis()
    ax.set_xlim(0, 108)
    ax.set_xlabel(axis_label)
    ax.set_title(title, loc="left")
    ax.grid(axis="x", color="#e2e8f0", linewidth=0.6)
    ax.set_axisbelow(True)
    if sources:
        fig.legend(loc="lower center", ncol=len(sources), frameon=False, fontsize=8,
                   bbox_to_anchor=(0.5, 0.0), handlelength=1.2, columnspacing=1.0)
    return _svg(fig, title)


@_rc
def trend_chart(periods: Sequence[str], series: Sequence[TrendSeries], title: str,
                note: str, breaks: Sequence[tuple[int, str]] = ()) -> str:
    """Lines over periods; a ringed marker where the change from the previous period is
    significant (M9: Mann–Whitney U, p < 0.05); a labelled dashed line before each period
    at a break (index, label) where the questionnaires changed."""
    fig = _figure(6.4, 3.2)
    legend = max((text_inches(s.label, 8) for s in series), default=0.5) + 0.55
    ax = _axes(fig, 0.45, legend, 0.35, 0.65)
    x = list(range(len(periods)))
    for k, s in enumerate(series):
        ys = [v if _finite(v) else math.nan for v in s.values]
        style = {"linewidth": 2.4, "color": SOURCE_COLOURS["combined"]} if k == 0 else {
            "linewidth": 1.1}
        (line,) = ax.plot(x, ys, marker="o", markersize=3.5, label=s.label, **style)
        sig_x = [i for i, flag in enumerate(s.significant) if flag and _finite(s.values[i])]
        if sig_x:
            ax.scatter(sig_x, [ys[i] for i in sig_x], s=80, facecolors="none",
                       edgecolors=line.get_color(), linewidths=1.3, zorder=3)
    ax.set_xticks(x, periods)
    finite = [v for s in series for v in s.values if _finite(v)]
    low = min(finite, default=0)
    ax.set_ylim(max(0, math.floor(low / 10) * 10 - 5), 100)
    for index, text in breaks:
        ax.axvline(index - 0.5, color="#b45309", linestyle="--", linewidth=1.2, zorder=1)
        ax.text(index - 0.45, 99, text, color="#b45309", fontsize=7, ha="left", va="top")
    ax.set_xlim(-0.4, max(len(periods) - 0.6, 0.4))
    ax.grid(axis="y", color="#e2e8f0", linewidth=0.6)
    ax.set_title(title, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    fig.text(0.01, 0.02, note, fontsize=7, color="#555")
    return _svg(fig, title)


@_rc
def ipa_chart(points: Sequence[IPAPointView], performance_split: float | None,
              importance_split: float | None, labels: dict[str, str], title: str,
              flat_note: str = "") -> str:
    """Importance–performance quadrant chart split at the means (M9); with a flat_note (the
    importance spread is noise) no importance split and no quadrant names are drawn."""
    fig = _figure(5.2, 4.0)
    ax = _axes(fig, 0.6, 0.15, 0.35, 0.5)
    xs = [p.performance for p in points]
    ys = [p.importance for p in points]
    for p in points:
        ax.scatter([p.performance], [p.importance], s=40,
                   color=QUADRANT_COLOURS.get(p.quadrant, "#333"), zorder=3)
        ax.annotate(p.label, (p.performance, p.importance), textcoords="offset points",
                    xytext=(5, 4), fontsize=8)
    _pad_limits(ax, xs, ys)
    if _finite(performance_split):
        ax.axvline(performance_split, color="#999", linestyle="--", linewidth=0.8)
    if flat_note:  # the page prints the full warning under the chart
        ax.set_title(f"{title} · {flat_note}", loc="left", fontsize=9)
        ax.set_xlabel(labels["performance"])
        ax.set_ylabel(labels["importance"])
        return _svg(fig, title)
    if _finite(importance_split):
        ax.axhline(importance_split, color="#999", linestyle="--", linewidth=0.8)
    corners = {"concentrate_here": (0.02, 0.97, "left", "top"),
               "keep_up_good_work": (0.98, 0.97, "right", "top"),
               "low_priority": (0.02, 0.03, "left", "bottom"),
               "possible_overkill": (0.98, 0.03, "right", "bottom")}
    for quadrant, (cx, cy, ha, va) in corners.items():
        ax.text(cx, cy, labels[quadrant], transform=ax.transAxes, ha=ha, va=va, fontsize=8,
                color=QUADRANT_COLOURS[quadrant], fontweight="bold")
    ax.set_xlabel(labels["performance"])
    ax.set_ylabel(labels["importance"])
    ax.set_title(title, loc="left")
    return _svg(fig, title)


def _pad_limits(ax, xs, ys) -> None:
    """Axis limits around the points with room for labels."""
    if not xs:
        return
    dx = max(max(xs) - min(xs), 4)
    dy = max(max(ys) - min(ys), 0.1)
    ax.set_xlim(min(xs) - 0.2 * dx, max(xs) + 0.35 * dx)
    ax.set_ylim(min(ys) - 0.2 * dy, max(ys) + 0.25 * dy)


@_rc
def building_chart(buildings: Sequence[str], dimensions: Sequence[str],
                   values: Sequence[Sequence[float | None]], title: str) -> str:
    """Heat map of owner scores, buildings × dimensions, with a colour scale."""
    import numpy as np

    rows = max(len(buildings), 1)
    fig = _figure(6.4, 0.85 + 0.24 * rows)
    left = max((text_inches(b) for b in buildings), default=0.5) + 0.15
    ax = _axes(fig, left, 0.1, 0.7, 0.05)
    grid = np.array([[v if _finite(v) else np.nan for v in row] for row in values] or [[np.nan]],
                    dtype=float)
    image = ax.imshow(grid, cmap="RdYlGn", vmin=50, vmax=100, aspect="auto")
    # colours only: the numbers are in the table beside the chart on every page that shows it
    # (a hundred cell labels cost more to lay out than the rest of the chart)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.ax.tick_params(labelsize=7, length=2)
    bar.outline.set_visible(False)
    ax.set_xticks(range(len(dimensions)), dimensions)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(buildings)), buildings)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_title(title, loc="left", pad=20)
    return _svg(fig, title)


# --------------------------------------------------------------------------- a period's charts


def period_charts(view, trend) -> dict[str, str]:
    """The SVG charts of a period view (dimension bars, trend, IPA, buildings)."""
    out = {}
    if view.rows:
        out["dimensions"] = _dimension_svg(view)
    if len(trend) >= 2:
        out["trend"] = _trend_svg(view, trend)
    if view.ipa:
        ipa = view.result.ipa
        points = [IPAPointView(p["dimension"], p["performance"], p["importance"],
                               p["quadrant"]) for p in view.ipa]
        out["ipa"] = ipa_chart(points, ipa.performance_split, ipa.importance_split,
                               pages.quadrant_labels(), _("Importance–performance analysis"),
                               _("Importance differences are within their uncertainty.")
                               if view.ipa_note else "")
    shown = [g for g in view.groups if not g["suppressed"]]  # hidden groups get no row
    if shown:
        out["buildings"] = building_chart(
            [g["name"] for g in shown], [r.label for r in view.rows],
            [g["scores"] for g in shown], _("Owner scores by building"))
    return out


def _dimension_svg(view) -> str:
    """Bars per dimension and source with 95 % intervals."""
    bars = []
    for r in view.rows:
        scores = {s: r.scores.get(s) for s in ("owner", "inspection", "third_party", "kpi")}
        scores["combined"] = r.combined
        bars.append(Bar(r.label, scores, {"owner": r.owner_ci, "combined": r.combined_ci}))
    return dimension_chart(bars, pages.source_labels(), _("Dimension scores by source"),
                           _("Score (0–100); whiskers: 95% confidence interval"))


def _trend_svg(view, trend) -> str:
    """Composite and dimensions over periods, significant changes ringed."""
    points = pages.trend_values(trend, view.rows)
    series = [TrendSeries(_("Composite index"), [p["composite"] for p in points],
                          [False] * len(points), "composite")]
    for j, row in enumerate(view.rows):
        series.append(TrendSeries(row.label, [p["scores"][j] for p in points],
                                  [p["significant"][j] for p in points], row.key))
    return trend_chart([p["label"] for p in points], series, _("Trend over periods"),
                       _("Ringed points: significant change from the previous period "
                         "(Mann–Whitney U, p < 0.05)"),
                       [(b.index, _("Questionnaire changed")) for b in view.breaks])
