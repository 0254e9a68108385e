"""Route × role: the expected answer of every route for every role, written out by hand.

The table below is independent of ``survey_app.permissions``: it states the rules (who may
call what), so the test fails when a rule in permissions.py changes, when a view answers
differently, and when a route appears that has no row here. Routes are keyed by HTTP method
and URL rule (not endpoint names, which may be renamed).

Codes, one per role in ROLES order:
  O  allowed (the request passes the access check: 200, a redirect elsewhere, 400 for the
     empty form, ...)
  L  redirected to the login page       F  403 Forbidden
  N  404 Not Found                      T  401 without an API bearer token
The "_elsewhere" roles hold their role in another community only. URL arguments are the
test community and period; other ids point at nothing (so a view that loads an object
answers 404 once the access check let the request through).
"""

from __future__ import annotations

import re

import pytest

from survey_app.auth.services import create_user
from survey_app.extensions import db
from tests.fixtures.factories import PASSWORD, login

ROLES = ("anonymous", "admin", "staff", "staff_elsewhere", "committee", "committee_elsewhere",
         "assessor", "assessor_elsewhere")
#: requests not sent (they would end the session under test); their rows are still required
NOT_SENT = {"POST /logout"}

EXPECTED = {
    # route: anonymous admin staff staff_elsewhere committee committee_elsewhere assessor
    #        assessor_elsewhere
    "GET /": "L O O O O O O O",
    "GET /account/password": "L O O O O O O O",
    "GET /account/sessions": "L O O O O O O O",
    "GET /account/two-factor": "L O O O F F F F",  # two-factor sign-in: admin and staff only
    "GET /acts/<int:community_id>/<int:period_id>": "L O O F O F F F",
    "GET /acts/<int:community_id>/proposals/<int:proposal_id>": "L N N F N F F F",
    # putting a joint checklist in use: either party proposes, the other confirms
    "GET /acts/<int:community_id>/checklists/<int:proposal_id>": "L N N F N F F F",
    "POST /acts/<int:community_id>/checklists/<int:proposal_id>/confirm": "L N N F N F F F",
    "POST /acts/<int:community_id>/checklists/<int:proposal_id>/withdraw": "L N N F N F F F",
    "POST /acts/<int:community_id>/checklists/drafts/<int:draft_id>/propose": "L N N F N F F F",
    "GET /admin/privacy": "L O F F F F F F",  # one person's export or deletion (PIPL)
    "GET /admin/users": "L O F F F F F F",
    "GET /api/v1/communities": "T T T T T T T T",
    "GET /api/v1/communities/<int:community_id>": "T T T T T T T T",
    "GET /api/v1/communities/<int:community_id>/periods": "T T T T T T T T",
    "GET /api/v1/openapi.json": "O O O O O O O O",
    "GET /api/v1/periods/<int:period_id>": "T T T T T T T T",
    "GET /api/v1/periods/<int:period_id>/result": "T T T T T T T T",
    "GET /assessments/": "L O O O O O O O",
    "GET /assessments/<int:project_id>": "L N N N N N N N",
    "GET /assessments/<int:project_id>/results": "L N N N N N N N",
    "GET /assessments/<int:project_id>/results.xlsx": "L N N N N N N N",
    "GET /assessments/<int:project_id>/review": "L N F F F F N N",
    "GET /assessments/<int:project_id>/sheet": "L N F F F F N N",
    "GET /assessments/communities/<int:community_id>/periods/<int:period_id>": "L O O F O F O F",
    "GET /assessments/organisations": "L O O O O O F F",
    "GET /assessments/photos/<int:photo_id>": "L N N N N N N N",
    "GET /audit/": "L O F F O O F F",  # read-only; a committee sees its own community's rows
    "GET /c/<code>": "N N N N N N N N",
    "GET /c/<code>/<int:page>": "N N N N N N N N",
    "GET /c/<code>/all": "N N N N N N N N",
    "GET /c/<code>/done": "O O O O O O O O",  # the same page for any code: reveals none
    "GET /communities/": "L O O O O O O O",
    "GET /communities/<int:community_id>": "L O O F O F O F",
    "GET /communities/<int:community_id>/edit": "L O O F F F F F",
    "GET /communities/<int:community_id>/households": "L O O F O F O F",
    "GET /communities/<int:community_id>/households/import": "L O O F F F F F",
    "GET /communities/<int:community_id>/households/template.xlsx": "L O O F F F F F",
    "GET /communities/new": "L O O O F F F F",
    "GET /disclosures/<int:community_id>/": "L O O F O F F F",
    "GET /disclosures/<int:community_id>/<int:disclosure_id>": "L N N F N F F F",
    "GET /disclosures/<int:community_id>/<int:disclosure_id>/attachments/<int:photo_id>": "L N N F N F F F",
    "GET /disclosures/<int:community_id>/<int:disclosure_id>/edit": "L N N F F F F F",
    "GET /disclosures/<int:community_id>/new/<kind>": "L N N F F F F F",
    "GET /feedback/": "L O O O O O O O",
    "GET /feedback/<code>/new": "N N N N N N N N",
    "GET /feedback/<code>/notice": "N N N N N N N N",
    "GET /feedback/<int:community_id>/periods/<int:period_id>/kpi": "L O O F O F F F",
    "GET /feedback/<int:community_id>/qr": "L O O F F F F F",
    "GET /feedback/<int:community_id>/records": "L O O F O F F F",
    "GET /feedback/<int:community_id>/records.csv": "L O O F O F F F",
    "GET /feedback/<int:community_id>/records.xlsx": "L O O F O F F F",
    "GET /feedback/<int:community_id>/records/<int:ticket_id>": "L N N F N F F F",
    "GET /feedback/<int:community_id>/records/<int:ticket_id>/photos/<int:photo_id>":
        "L N N F N F F F",
    "GET /feedback/<int:community_id>/records/<int:ticket_id>/record.pdf": "L N N F N F F F",
    "GET /feedback/<int:community_id>/records/register/<int:year>/<int:month>.pdf":
        "L N N F N F F F",
    "GET /feedback/<int:community_id>/terms": "L O O F F F F F",
    "GET /feedback/<code>/commitments": "N N N N N N N N",
    "GET /feedback/calendar/<int:year>": "L N N N F F F F",
    "GET /feedback/<int:community_id>/sla": "L O O F F F F F",
    "GET /feedback/<int:community_id>/stats": "L O O F O F F F",
    "GET /feedback/<int:community_id>/tickets": "L O O F F F F F",
    "GET /feedback/<int:community_id>/tickets/<int:ticket_id>": "L N N F F F F F",
    "GET /feedback/<int:community_id>/tickets/<int:ticket_id>/photos/<int:photo_id>":
        "L N N F F F F F",
    "GET /feedback/<int:community_id>/tickets/new": "L O O F F F F F",
    "GET /feedback/lookup": "L O O O F F F F",  # staff: a code read out on the phone
    "GET /feedback/track": "O O O O O O O O",
    "GET /feedback/track/<tracking_code>": "N N N N N N N N",
    "GET /feedback/track/<tracking_code>/photos/<int:photo_id>": "N N N N N N N N",
    "GET /favicon.ico": "O O O O O O O O",
    "GET /healthz": "O O O O O O O O",
    "GET /inspections/": "L O O O O O F F",
    "GET /inspections/c/<int:community_id>/": "L O O F O F F F",
    "GET /inspections/sw-walk.js": "L O O O O O O O",
    "GET /internal/sw-walk.js": "L O O O O O O O",  # the same worker, scoped to /internal/
    "GET /assessments/sw-walk.js": "L O O O O O O O",  # the same worker, scoped to /assessments/
    "GET /inspections/c/<int:community_id>/<int:inspection_id>": "L N N F N F F F",
    "GET /inspections/c/<int:community_id>/<int:inspection_id>/items/<item_id>/rectify":
        "L N F F N F F F",
    "GET /inspections/c/<int:community_id>/<int:inspection_id>/record.pdf": "L N N F N F F F",
    "GET /inspections/c/<int:community_id>/<int:inspection_id>/record.xlsx": "L N N F N F F F",
    "GET /inspections/c/<int:community_id>/<int:inspection_id>/walk": "L N F F N F F F",
    "GET /inspections/c/<int:community_id>/<int:inspection_id>/signatures/<int:signoff_id>.png":
        "L N N F N F F F",
    "GET /inspections/c/<int:community_id>/new": "L O F F O F F F",
    "GET /inspections/c/<int:community_id>/photos/<int:photo_id>": "L N N F N F F F",
    "GET /inspections/c/<int:community_id>/rectifications": "L O O F O F F F",
    "GET /inspections/c/<int:community_id>/rectifications/<int:rect_id>": "L N N F N F F F",
    # internal inspections (品质部): staff record; the committee reads them (DESIGN §3: what
    # may feed a result must be checkable by the other party)
    "GET /internal/": "L O O O O O F F",
    "GET /internal/c/<int:community_id>/": "L O O F O F F F",
    "GET /internal/c/<int:community_id>/<int:inspection_id>": "L N N F N F F F",
    "GET /internal/c/<int:community_id>/<int:inspection_id>/items/<item_id>/rectify":
        "L N N F F F F F",
    "GET /internal/c/<int:community_id>/<int:inspection_id>/walk": "L N N F F F F F",
    "GET /internal/c/<int:community_id>/new": "L O O F F F F F",
    "GET /plans/": "L O O O O O F F",
    "GET /plans/c/<int:community_id>/": "L O O F O F F F",
    "GET /plans/c/<int:community_id>/new": "L O O F O F F F",
    "GET /lang/<code>": "O O O O O O O O",
    "GET /login/code": "L L L L L L L L",  # no password step pending: back to the sign-in
    "GET /login": "O O O O O O O O",
    "GET /jobs/<int:job_id>": "L N N N N N N N",
    "GET /jobs/<int:job_id>/file": "L N N N N N N N",
    "GET /notice/": "O O O O O O O O",
    # owners' opt-in: 404 while SMS is not configured (nothing promised), forged link 404
    "GET /notify/<int:community_id>": "N N N N N N N N",
    # owners' WeChat opt-in and staff binding: 404 while WeChat is not configured
    "GET /notify/wechat/callback": "N N N N N N N N",
    "GET /notifications/wechat/callback": "L N N N N N N N",
    "GET /notifications/": "L O O O O O O O",  # each user's own inbox
    "GET /notifications/deliveries/<int:community_id>": "L O O F F F F F",
    "GET /notifications/preferences": "L O O O O O O O",
    # the graded escalation chain 分级处理: the company's staff of the community (issue 17)
    "GET /notifications/escalation/<int:community_id>": "L O O F F F F F",
    "GET /notice/<int:community_id>": "O O O O O O O O",
    "GET /notice/<int:community_id>/disclosures/<int:disclosure_id>": "N N N N N N N N",
    "GET /notice/<int:community_id>/disclosures/<int:disclosure_id>/attachments/<int:photo_id>": "N N N N N N N N",
    "GET /notice/<int:community_id>/disclosures/<int:disclosure_id>/history": "N N N N N N N N",
    "GET /notice/<int:community_id>/periods/<int:period_id>/history": "O O O O O O O O",
    "GET /notice/<int:community_id>/withdraw/<int:publication_id>": "L N N F N F F F",
    "GET /notice/<int:community_id>/publications/<int:publication_id>.pdf": "N N N N N N N N",
    "GET /overview/": "L O F F F F F F",
    "GET /overview/c/<int:community_id>": "L O F F F F F F",
    "GET /overview/close": "L O F F F F F F",  # closing a quarter for many communities
    "GET /overview/escalations": "L O F F F F F F",
    "GET /overview/escalations/<int:escalation_id>": "L N F F F F F F",
    "GET /overview/escalations/c/<int:community_id>": "L O O F F F F F",
    "GET /overview/export.csv": "L O F F F F F F",
    "GET /overview/export.xlsx": "L O F F F F F F",
    "GET /overview/org": "L O F F F F F F",  # companies, jurisdictions, scopes: admin only
    "GET /questionnaires/": "L O O O F F F F",
    "GET /questionnaires/<int:version_id>": "L N N N F F F F",
    "GET /questionnaires/<int:version_id>/diff/<int:other_id>": "L N N N F F F F",
    "GET /questionnaires/<int:version_id>/paper.pdf": "L N N N F F F F",
    # drafts: both parties reach them; the committee edits joint-inspection checklists only
    # (permissions.DRAFT_EDITORS), a joint checklist goes into use by a two-party act
    "GET /questionnaires/drafts/<int:community_id>": "L O O F O F F F",
    # an assessor organisation's score sheets: its lead only (no lead here: all refused)
    "GET /questionnaires/sheets/<int:organisation_id>": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>": "L F F F F F F F",
    "GET /questionnaires/sheets/<int:organisation_id>/<int:draft_id>": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>": "L F F F F F F F",
    "GET /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/download": "L F F F F F F F",
    "GET /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/preview": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/publish": "L F F F F F F F",
    "GET /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/sections/<int:s>/items/<int:i>": "L F F F F F F F",
    "GET /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/sections/<int:s>/items/new": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/sections/<int:s>/items/<int:i>": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/sections/<int:s>/items/new": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/sections/<int:s>/items/<int:i>/<direction>": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/sections/<int:s>/items/<int:i>/delete": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/sections/<int:s>/<direction>": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/sections/<int:s>/delete": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/sections/add": "L F F F F F F F",
    "POST /questionnaires/sheets/<int:organisation_id>/<int:draft_id>/total": "L F F F F F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/total": "L N N F N F F F",
    "GET /questionnaires/drafts/<int:community_id>/<int:draft_id>": "L N N F N F F F",
    "GET /questionnaires/drafts/<int:community_id>/<int:draft_id>/download": "L N N F N F F F",
    "GET /questionnaires/drafts/<int:community_id>/<int:draft_id>/preview": "L N N F N F F F",
    "GET /questionnaires/drafts/<int:community_id>/<int:draft_id>/sections/<int:s>/items/<int:i>": "L N N F N F F F",
    "GET /questionnaires/drafts/<int:community_id>/<int:draft_id>/sections/<int:s>/items/new": "L N N F N F F F",
    "GET /reports/<int:community_id>/<int:period_id>": "L O O F O F F F",
    "GET /reports/<int:community_id>/file/<int:report_id>": "L N N F N F N F",
    "GET /reports/api-tokens": "L O O O F F F F",
    "GET /results/<int:community_id>/<int:period_id>": "L O O F O F O F",
    "GET /results/<int:community_id>/periods/<int:period_id>": "L O O F O F O F",
    "GET /results/<int:community_id>/scheme": "L O O F O F O F",
    "GET /results/<int:community_id>/scheme/ahp/<parent>": "L N N F F F F F",
    "GET /results/<int:community_id>/scheme/direct/<parent>": "L N N F F F F F",
    "GET /results/<int:community_id>/scheme/entropy/<parent>": "L N N F F F F F",
    "GET /results/ranking": "L O O O O O O O",
    "GET /s/<token>": "N N N N N N N N",
    "GET /sign/<token>": "N N N N N N N N",  # one-time signing link: unknown token, 404
    "GET /s/<token>/<int:page>": "N N N N N N N N",
    "GET /s/<token>/all": "N N N N N N N N",
    "GET /s/<token>/done": "N N N N N N N N",
    "GET /s/<token>/start": "N N N N N N N N",
    "GET /surveys/<int:community_id>/<int:period_id>": "L O O F O F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/export.csv": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/export.xlsx": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/import": "L N N F F F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/import-template.xlsx": "L N N F F F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/paper": "L N N F F F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/poster.pdf": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/qr.png": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/questionnaire.pdf": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/qr.svg": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/slips.pdf": "L N N F N F F F",
    # chasing non-responders per building (issue 17 item 5): the code holder only
    "GET /surveys/<int:community_id>/<int:period_id>/chase": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/chase/slips.pdf": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/households": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/non-responders.csv": "L N N F N F F F",
    "GET /surveys/<int:community_id>/<int:period_id>/integrity": "L N F F N F F F",
    "GET /u/<token>": "N N N N N N N N",  # signed unsubscribe link: a forged one 404s
    "GET /verify": "O O O O O O O O",  # public: anyone checks a PDF (issue 14)
    "POST /account/password": "L O O O O O O O",
    "POST /account/sessions/end-others": "L O O O O O O O",
    "POST /account/two-factor": "L O O O F F F F",
    "POST /account/two-factor/disable": "L O O O O O O O",  # 400 for the empty form
    "POST /admin/privacy": "L O F F F F F F",
    "POST /admin/users": "L O F F F F F F",
    "POST /admin/users/<int:user_id>/reset": "L N F F F F F F",
    "POST /admin/users/<int:user_id>/active": "L N F F F F F F",
    "POST /assessments/<int:project_id>/assessors": "L N N N N N F F",
    "POST /assessments/<int:project_id>/conclusions": "L N F F F F N N",
    "POST /assessments/<int:project_id>/countersign": "L N F F F F N N",
    "POST /assessments/<int:project_id>/reopen": "L N F F F F N N",
    "POST /acts/<int:community_id>/<int:period_id>/propose/<kind>": "L O O F O F F F",
    "POST /acts/<int:community_id>/proposals/<int:proposal_id>/confirm": "L N N F N F F F",
    "POST /acts/<int:community_id>/proposals/<int:proposal_id>/withdraw": "L N N F N F F F",
    "POST /assessments/<int:project_id>/rescore": "L N F F F F N N",
    "POST /assessments/<int:project_id>/sheet": "L N F F F F N N",
    "POST /assessments/<int:project_id>/sign": "L N F F F F N N",
    "POST /assessments/communities/<int:community_id>/periods/<int:period_id>/project":
        "L O O F O F F F",
    "POST /assessments/organisations": "L O O O O O F F",
    "POST /assessments/organisations/accounts": "L O O O O O F F",
    "POST /c/<code>/<int:page>": "N N N N N N N N",
    "POST /c/<code>/all": "N N N N N N N N",
    "POST /communities/<int:community_id>/edit": "L O O F F F F F",
    "POST /communities/<int:community_id>/households/import": "L O O F F F F F",
    "POST /communities/<int:community_id>/periods": "L O O F F F F F",
    "POST /communities/<int:community_id>/periods/<int:period_id>/status": "L O O F F F F F",
    "POST /communities/new": "L O O O F F F F",
    "POST /disclosures/<int:community_id>/<int:disclosure_id>/attachments": "L N N F F F F F",
    "POST /disclosures/<int:community_id>/<int:disclosure_id>/attachments/<int:photo_id>/delete": "L N N F F F F F",
    "POST /disclosures/<int:community_id>/<int:disclosure_id>/confirm": "L N F F N F F F",
    "POST /disclosures/<int:community_id>/<int:disclosure_id>/discard": "L N N F F F F F",
    "POST /disclosures/<int:community_id>/<int:disclosure_id>/edit": "L N N F F F F F",
    "POST /disclosures/<int:community_id>/<int:disclosure_id>/return": "L N F F N F F F",
    "POST /disclosures/<int:community_id>/<int:disclosure_id>/revise": "L N N F F F F F",
    "POST /disclosures/<int:community_id>/<int:disclosure_id>/submit": "L N N F F F F F",
    "POST /disclosures/<int:community_id>/new/<kind>": "L N N F F F F F",
    "POST /complaints/<tracking_code>/escalate": "N N N N N N N N",  # owner: unknown code
    "POST /feedback/<code>/new": "N N N N N N N N",
    "POST /feedback/<int:community_id>/sla": "L O O F F F F F",
    "POST /feedback/<int:community_id>/terms": "L O O F F F F F",
    "POST /feedback/calendar/<int:year>": "L N N N F F F F",
    "POST /feedback/calendar/<int:year>/<int:entry_id>/delete": "L N N N F F F F",
    "POST /feedback/<int:community_id>/tickets/<int:ticket_id>/<step>": "L N N F F F F F",
    "POST /feedback/<int:community_id>/tickets/new": "L O O F F F F F",
    "POST /feedback/track": "O O O O O O O O",
    "POST /feedback/track/<tracking_code>/rate": "N N N N N N N N",
    "POST /plans/c/<int:community_id>/new": "L O O F O F F F",
    "POST /internal/c/<int:community_id>/<int:inspection_id>/finish": "L N N F F F F F",
    "POST /internal/c/<int:community_id>/<int:inspection_id>/items/<item_id>": "L N N F F F F F",
    # offline walk-round (issue 20) of internal inspections and third-party sheets: 401 JSON
    "POST /internal/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline":
        "T N N F F F F F",
    "POST /internal/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline-photo":
        "T N N F F F F F",
    "POST /assessments/<int:project_id>/sheet/items/<item_id>/offline": "T N F F F F N N",
    "POST /assessments/<int:project_id>/sheet/items/<item_id>/offline-photo": "T N F F F F N N",
    "POST /internal/c/<int:community_id>/<int:inspection_id>/items/<item_id>/rectify":
        "L N N F F F F F",
    "POST /internal/c/<int:community_id>/<int:inspection_id>/photos/<int:photo_id>/delete":
        "L N N F F F F F",
    "POST /internal/c/<int:community_id>/<int:inspection_id>/sections/<section_id>/pass":
        "L N N F F F F F",
    "POST /internal/c/<int:community_id>/new": "L O O F F F F F",
    "POST /internal/c/<int:community_id>/rectifications/<int:rect_id>/review": "L N N F F F F F",
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/correct": "L N F F N F F F",
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/items/<item_id>": "L N F F N F F F",
    # offline walk-round (issue 20): a signed-out phone gets 401 JSON and keeps its queue
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline":
        "T N F F N F F F",
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline-photo":
        "T N F F N F F F",
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/sections/<section_id>/pass":
        "L N F F N F F F",
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/items/<item_id>/rectify":
        "L N F F N F F F",
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/participants": "L N F F N F F F",
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/participants/<int:participant_id>/delete":
        "L N F F N F F F",
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/participants/<int:participant_id>/sign":
        "L N N F N F F F",  # then only the participant's own account (tests/functional/inspections/test_signing.py)
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/participants/<int:participant_id>/link":
        "L N F F N F F F",
    "POST /inspections/c/<int:community_id>/<int:inspection_id>/photos/<int:photo_id>/delete":
        "L N F F N F F F",
    "POST /inspections/c/<int:community_id>/new": "L O F F O F F F",
    "POST /inspections/c/<int:community_id>/rectifications/<int:rect_id>/review": "L N F F N F F F",
    "POST /inspections/c/<int:community_id>/rectifications/<int:rect_id>/assign": "L N N F F F F F",
    "POST /inspections/c/<int:community_id>/rectifications/<int:rect_id>/start": "L N N F F F F F",
    "POST /inspections/c/<int:community_id>/rectifications/<int:rect_id>/submit": "L N N F F F F F",
    "POST /login": "O O O O O O O O",
    "POST /login/code": "L L L L L L L L",
    "POST /logout": "L O O O O O O O",
    "POST /notice/<int:community_id>/withdraw/<int:publication_id>": "L N N F N F F F",
    # generating a notice PDF again after it failed: either party of the community
    "POST /notice/<int:community_id>/publications/<int:publication_id>/pdf/retry":
        "L N N F N F F F",
    "POST /notify/<int:community_id>": "N N N N N N N N",
    "POST /notify/<int:community_id>/wechat": "N N N N N N N N",
    "POST /notify/wechat/again": "N N N N N N N N",
    "POST /notifications/wechat/bind": "L N N N N N N N",
    "POST /notifications/wechat/unbind": "L O O O O O O O",  # one's own binding only
    "POST /notifications/<int:notification_id>/read": "L N N N N N N N",  # only one's own
    "POST /notifications/preferences": "L O O O O O O O",  # 400 for the empty form
    # each account's own SMS number: 400 for the empty form, remove answers with a redirect
    "POST /notifications/phone": "L O O O O O O O",
    "POST /notifications/phone/remove": "L O O O O O O O",
    "POST /notifications/escalation/<int:community_id>": "L O O F F F F F",  # 400: empty form
    "POST /notifications/escalation/<int:community_id>/<int:step_id>/delete":
        "L N N F F F F F",
    "POST /notifications/read-all": "L O O O O O O O",
    "POST /overview/close": "L O F F F F F F",  # 400 without a quarter
    "POST /overview/escalations/<int:escalation_id>/answer": "L N F F F F F F",
    "POST /overview/escalations/<int:escalation_id>/ask": "L N F F F F F F",
    "POST /overview/escalations/c/<int:community_id>": "L O O F F F F F",  # 400 without a case
    "POST /overview/org/<action>": "L N F F F F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/delete": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/publish": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/sections/<int:s>/<direction>": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/sections/<int:s>/delete": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/sections/<int:s>/items/<int:i>": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/sections/<int:s>/items/<int:i>/<direction>": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/sections/<int:s>/items/<int:i>/delete": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/sections/<int:s>/items/new": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/<int:draft_id>/sections/add": "L N N F N F F F",
    "POST /questionnaires/drafts/<int:community_id>/new": "L O O F O F F F",
    "POST /questionnaires/drafts/<int:community_id>/upload": "L O O F O F F F",
    "POST /questionnaires/publish/<name>": "L O O O F F F F",
    "POST /reports/<int:community_id>/<int:period_id>": "L O O F O F F F",
    "POST /reports/<int:community_id>/file/<int:report_id>/regenerate": "L N N F N F F F",
    "POST /reports/api-tokens": "L O O O F F F F",
    "POST /reports/api-tokens/<int:token_id>/revoke": "L N N N F F F F",
    "POST /results/<int:community_id>/scheme/active": "L O O F F F F F",
    "POST /results/<int:community_id>/scheme/ahp/<parent>": "L N N F F F F F",
    "POST /results/<int:community_id>/scheme/direct/<parent>": "L N N F F F F F",
    "POST /results/<int:community_id>/scheme/entropy/<parent>": "L N N F F F F F",
    "POST /results/<int:community_id>/scheme/publish": "L O O F F F F F",
    "POST /s/<token>": "N N N N N N N N",
    "POST /sign/<token>": "N N N N N N N N",  # one-time signing link: unknown token, 404
    "POST /s/<token>/<int:page>": "N N N N N N N N",
    "POST /s/<token>/all": "N N N N N N N N",
    "POST /surveys/<int:community_id>/<int:period_id>/chase/remind": "L N N F N F F F",
    "POST /surveys/<int:community_id>/<int:period_id>/import": "L N N F F F F F",
    "POST /surveys/<int:community_id>/<int:period_id>/integrity/exclude": "L N F F N F F F",
    "POST /surveys/<int:community_id>/<int:period_id>/paper": "L N N F F F F F",
    "POST /surveys/<int:community_id>/<int:period_id>/publish": "L O O F F F F F",
    "POST /surveys/<int:community_id>/<int:period_id>/status": "L N N F F F F F",
    "POST /u/<token>": "N N N N N N N N",
    "POST /verify": "O O O O O O O O",  # 400 without a file
}


def _keys(app) -> list[tuple[str, object]]:
    keys = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in ("GET", "POST"):
            if method in rule.methods:
                keys.append((f"{method} {rule.rule}", rule))
    return sorted(keys, key=lambda pair: pair[0])


def _fill(rule, ids) -> str:
    """A concrete URL for a rule: the test community and period, 999999 for other ids."""
    url = rule.rule
    for name in rule.arguments:
        value = ids.get(name, "999999" if "int:" in url else "nothing")
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), url)
    return url


def _outcome(response) -> str:
    code = response.status_code
    if code == 302 and "/login" in response.headers.get("Location", ""):
        return "L"
    return {401: "T", 403: "F", 404: "N"}.get(code, "O" if code < 500 else f"{code}")


@pytest.fixture
def elsewhere(users, other_community):
    """Staff, committee and assessor accounts of the other community only."""
    made = {f"{role}_elsewhere": create_user(f"{role}_elsewhere", PASSWORD, role,
                                             [other_community.id])
            for role in ("staff", "committee", "assessor")}
    db.session.commit()
    return made


def test_every_route_has_a_row_and_every_row_a_route(app):
    keys = {key for key, _rule in _keys(app)}
    assert not sorted(keys - EXPECTED.keys()), "routes without a row in EXPECTED"
    assert not sorted(EXPECTED.keys() - keys), "rows in EXPECTED without a route"
    assert all(len(row.split()) == len(ROLES) for row in EXPECTED.values())


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_route(app, client, users, elsewhere,
                                                           period, role):
    if role != "anonymous":
        assert login(client, role).status_code == 302
    ids = {"community_id": period.community_id, "period_id": period.id}
    column = ROLES.index(role)
    failures = []
    for key, rule in _keys(app):
        if key in NOT_SENT:
            continue
        method = key.split()[0]
        got = _outcome(client.open(_fill(rule, ids), method=method))
        want = EXPECTED[key].split()[column] if key in EXPECTED else "no row"
        if got != want:
            failures.append(f"{key}: {role} expected {want}, got {got}")
    assert not failures, "\n".join(failures)


def test_committee_member_cannot_open_another_community(app, client, users, other_community):
    login(client, "committee")
    assert client.get(f"/communities/{other_community.id}").status_code == 403
    assert client.get(f"/communities/{users['committee'].memberships[0].community_id}") \
        .status_code == 200


# -- oversight roles (issue 21): a second hand-written table, denied by default -----------

OVERSIGHT = ("director", "director_elsewhere", "officer", "officer_elsewhere")
#: the only routes the oversight roles reach (the "_elsewhere" accounts oversee the other
#: community: its company's director, its 街道's officer); every route not listed here must
#: answer them 403, 404, 401 or the login page, so a new route is closed to them by default
EXPECTED_OVERSIGHT = {
    # route: director director_elsewhere officer officer_elsewhere
    "GET /account/password": "O O O O",  # every account: its own password, sessions, inbox
    "GET /account/sessions": "O O O O",  # every account: its own password, sessions, inbox
    "GET /inspections/sw-walk.js": "O O O O",  # every account: its own password, sessions, inbox
    "GET /internal/sw-walk.js": "O O O O",  # the walk-round's worker script, no data in it
    "GET /assessments/sw-walk.js": "O O O O",  # the walk-round's worker script, no data in it
    "GET /notifications/": "O O O O",  # every account: its own password, sessions, inbox
    "GET /notifications/preferences": "O O O O",  # every account: its own password, sessions, inbox
    "POST /account/password": "O O O O",  # every account: its own password, sessions, inbox
    "POST /account/sessions/end-others": "O O O O",  # every account: its own password, sessions, inbox
    "POST /account/two-factor/disable": "O O O O",  # every account: its own password, sessions, inbox
    "POST /notifications/preferences": "O O O O",  # every account: its own password, sessions, inbox
    "POST /notifications/phone": "O O O O",  # every account: its own SMS number
    "POST /notifications/phone/remove": "O O O O",  # every account: its own SMS number
    "POST /notifications/read-all": "O O O O",  # every account: its own password, sessions, inbox
    "POST /notifications/wechat/unbind": "O O O O",  # every account: its own WeChat binding
    "GET /": "O O O O",
    "GET /api/v1/openapi.json": "O O O O",
    "GET /c/<code>/done": "O O O O",
    "GET /favicon.ico": "O O O O",
    "GET /feedback/": "O O O O",
    "GET /feedback/track": "O O O O",
    "GET /healthz": "O O O O",
    "GET /lang/<code>": "O O O O",
    "GET /login": "O O O O",
    "GET /notice/": "O O O O",
    "GET /notice/<int:community_id>": "O O O O",
    "GET /notice/<int:community_id>/periods/<int:period_id>/history": "O O O O",
    "GET /overview/": "O O O O",
    "GET /overview/c/<int:community_id>": "O N O N",
    "GET /overview/close": "O O F F",  # directors close their company's quarter; not 街道
    "POST /overview/close": "O O F F",  # 400 without a quarter
    "GET /overview/escalations": "F F O O",
    "GET /overview/export.csv": "O O O O",
    "GET /overview/export.xlsx": "O O O O",
    "GET /verify": "O O O O",
    "POST /feedback/track": "O O O O",
    "POST /login": "O O O O",
    "POST /logout": "O O O O",
    "POST /verify": "O O O O",
}
DENIED = {"F", "N", "L", "T"}


@pytest.fixture
def oversight_accounts(users, community, other_community):
    from tests.fixtures.oversight import make_org, make_overseers

    made = make_overseers(make_org(community, other_community))
    db.session.commit()
    return made


def test_every_oversight_row_is_a_route(app):
    keys = {key for key, _rule in _keys(app)}
    assert not sorted(EXPECTED_OVERSIGHT.keys() - keys)
    assert all(len(row.split()) == len(OVERSIGHT) for row in EXPECTED_OVERSIGHT.values())


@pytest.mark.parametrize("role", OVERSIGHT)
def test_oversight_roles_reach_only_their_routes(app, client, oversight_accounts, period,
                                                 role):
    assert login(client, role).status_code == 302
    ids = {"community_id": period.community_id, "period_id": period.id}
    column = OVERSIGHT.index(role)
    failures = []
    for key, rule in _keys(app):
        if key in NOT_SENT:
            continue
        got = _outcome(client.open(_fill(rule, ids), method=key.split()[0]))
        if key in EXPECTED_OVERSIGHT:
            want = EXPECTED_OVERSIGHT[key].split()[column]
            if got != want:
                failures.append(f"{key}: {role} expected {want}, got {got}")
        elif got not in DENIED:
            failures.append(f"{key}: {role} reached a route not in EXPECTED_OVERSIGHT ({got})")
    assert not failures, "\n".join(failures)
