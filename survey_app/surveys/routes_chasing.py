"""Chasing non-responders per building: the list, reminder slips, text reminders.

Only the party that holds the community's codes (permissions.ensure_code_holder); every view,
print and sending is recorded for the other party (codes.py). Participation only, never
answers (chasing.py).
"""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..errors import NotFound
from ..extensions import db
from ..i18n import current_locale
from ..jobs.files import request_file, to_progress
from ..permissions import require
from ..routes_base import submit
from . import bp, chasing, codes, printing, services, tasks
from .forms import RemindForm
from .routes import PREFIX, _owner_url


def _holder_survey(community_id: int, period_id: int):
    survey = services.require_survey(community_id, period_id)
    permissions.ensure_code_holder(survey.community)
    return survey


def _building(survey, raw) -> tuple[int | None, str]:
    """The building id and name asked for (None, "" for all); NotFound for another's."""
    try:
        building_id = int(raw) if raw not in (None, "") else None
    except ValueError:
        raise NotFound("building") from None
    name = printing.building_name(survey, building_id) if building_id else ""
    if building_id and name is None:
        raise NotFound("building")
    return building_id, name


@bp.route(PREFIX + "/chase")
@require("survey.codes", community_arg="community_id")
def chase(community_id, period_id):
    """Per building: households not yet answered, reminder slips, text reminders."""
    survey = _holder_survey(community_id, period_id)
    building_id, building = _building(survey, request.args.get("building"))
    rows = chasing.by_building(survey, building_id)
    codes.record(survey, "survey.chase", building=building)
    db.session.commit()
    return render_template("surveys/chase.html", survey=survey, period=survey.period,
                           community=survey.community, rows=rows, building_id=building_id,
                           form=RemindForm(), sms=_sms_available())


def _sms_available() -> bool:
    from ..contacts.services import available

    return available()


@bp.route(PREFIX + "/chase/slips.pdf")
@require("survey.codes", community_arg="community_id")
def reminder_slips(community_id, period_id):
    """Ask a worker for reprinted code slips of the households (of one building) that have
    not answered."""
    survey = _holder_survey(community_id, period_id)
    building_id, building = _building(survey, request.args.get("building"))
    job = request_file("survey_slips", current_user, community_id,
                       {"period_id": period_id, "building_id": building_id,
                        "building": building or "", "owner_url": _owner_url(survey),
                        "code_url": url_for(".code_start", code=tasks.CODE_MARK,
                                            _external=True),
                        "reminder": True}, current_locale(), subject_id=survey.id)
    codes.record(survey, "survey.reminder_slips", building=building or "",
                 rows=len(chasing.missing_households(survey, building_id)))
    db.session.commit()
    return to_progress(job)


@bp.route(PREFIX + "/chase/remind", methods=["POST"])
@require("survey.codes", community_arg="community_id")
def remind(community_id, period_id):
    """Text the opted-in owners of households not yet answered (once per survey each)."""
    survey = _holder_survey(community_id, period_id)
    form = RemindForm()
    building_id, building = _building(survey, form.building.data)

    def action():
        sent = chasing.remind(survey, building_id, _owner_url(survey))
        codes.record(survey, "survey.reminders", building=building, queued=sent[0])
        return sent

    target = url_for(".chase", community_id=community_id, period_id=period_id,
                     building=building_id)
    return submit(form, action, lambda sent: _(
        "%(queued)d reminders queued; %(reachable)d households not yet answered have a "
        "number for reminders (each is reminded once per survey).",
        queued=sent[0], reachable=sent[1]), target) or _chase_again(survey, form, building_id)


def _chase_again(survey, form, building_id):
    """The page again with the refusal beside the button (400)."""
    return render_template("surveys/chase.html", survey=survey, period=survey.period,
                           community=survey.community, form=form, building_id=building_id,
                           rows=chasing.by_building(survey, building_id),
                           sms=_sms_available()), 400
