"""The signed scores of a revision as an .xlsx workbook (scores, agreement, conclusions)."""

from __future__ import annotations

from flask_babel import gettext as _

from ..i18n import text_for
from ..tabular import xlsx_bytes
from . import review
from .models import AssessmentProject, AssessmentRevision


def _num(value, digits: int = 2):
    return None if value is None else round(float(value), digits)


def revision_workbook(project: AssessmentProject, revision: AssessmentRevision) -> bytes:
    """One sheet of items × assessors with mean, range and SD; one of agreement; conclusions."""
    analysis = review.analyse(project, *review.revision_scores(revision))
    names = [a.display_name if a else "?" for a in analysis.assessors]
    headers = [_("Item"), _("Dimension"), _("Max."), *names, _("Mean"), _("Min–max"), "SD"]
    rows = [[f"{r.item.id} {text_for(r.item.text)}",
             text_for(analysis.dimension_labels.get(r.dimension, {})), r.max_points,
             *[("n/a" if v is None else v) for v in r.scores], _num(r.mean),
             "" if r.low is None else f"{r.low:g}–{r.high:g}", _num(r.sd)]
            for r in analysis.rows]
    a = analysis.agreement
    summary = [["ICC(2,1)", _num(a.icc_2_1, 3)], ["ICC(2,k)", _num(a.icc_2_k, 3)],
               [_("Kendall's W"), _num(a.kendall_w, 3)], ["p", _num(a.kendall_p, 4)],
               [_("Total"), _num(analysis.total, 1)]]
    summary += [[f"S_3rd {text_for(analysis.dimension_labels[k])}",
                 _num(d.score, 1) if d else None] for k, d in analysis.dimensions.items()]
    conclusions = [[_("Strengths"), revision.strengths], [_("Problems"), revision.problems],
                   [_("Recommendations"), revision.recommendations]]
    return xlsx_bytes([(_("Scores"), headers, rows), (_("Agreement"), ["", ""], summary),
                       (_("Conclusions"), ["", ""], conclusions)])
