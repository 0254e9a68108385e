"""Who edits what (issue 18 item 2): staff their surveys and internal checklists; a joint
checklist goes into use only when both parties agree; third-party sheets: the assessor
organisation's lead."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from sqlalchemy import select

from survey_app.acts.models import ChecklistProposal
from survey_app.extensions import db
from survey_app.questionnaires.models import QuestionnaireDraft, QuestionnaireVersion
from survey_app.questionnaires.services import in_use
from tests.fixtures.checklists import org_with_lead
from tests.fixtures.factories import login

SHIPPED = Path(__file__).parents[3] / "questionnaires"


def _start(client, community, source):
    response = client.post(f"/questionnaires/drafts/{community.id}/new", data={"source": source})
    return response, db.session.scalars(select(QuestionnaireDraft)
                                        .order_by(QuestionnaireDraft.id.desc())).first()


def _url(draft):
    return f"/questionnaires/drafts/{draft.community_id}/{draft.id}"


def _fresh(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def _joint_draft(client, community):
    response, draft = _start(client, community, "file:joint_inspection.yaml")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    definition = yaml.safe_load((SHIPPED / "joint_inspection.yaml").read_text("utf-8"))
    definition["version"] = "2027.1"  # a new version for this community
    definition["sections"][0]["items"][0]["max_points"] += 1
    definition["sections"][0]["items"][1]["max_points"] -= 1
    assert client.post(_url(draft), data={"yaml": yaml.safe_dump(
        definition, allow_unicode=True, sort_keys=False)}).status_code == 302
    return draft


def _preview_hash(client, proposal) -> str:
    page = client.get(f"/acts/{proposal.community_id}/checklists/{proposal.id}")
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    found = re.search(r'name="preview_hash" type="hidden" value="([0-9a-f]{64})"',
                      page.get_data(as_text=True))
    assert found, "the preview has no confirm form"
    return found.group(1)


def test_the_committee_edits_joint_checklists_only(as_role, community):
    client = as_role("staff")
    _response, owner_draft = _start(client, community, "file:owner_survey.yaml")
    client = as_role("committee")
    assert client.get(f"/questionnaires/drafts/{community.id}").status_code == 200
    assert client.get(_url(owner_draft)).status_code == 403  # the staff's survey draft
    response, _draft = _start(client, community, "file:owner_survey.yaml")
    assert response.status_code == 400
    draft = _joint_draft(client, community)
    assert draft.kind == "joint_inspection" and draft.community_id == community.id
    # turning a joint draft into a survey by editing its YAML is refused, nothing saved
    definition = yaml.safe_load(client.get(_url(draft) + "/download").data)
    definition["kind"] = "owner_survey"
    response = client.post(_url(draft), data={"yaml": yaml.safe_dump(definition,
                                                                      allow_unicode=True)})
    assert response.status_code == 400
    assert _fresh(QuestionnaireDraft, draft.id).kind == "joint_inspection"
    page = client.get(f"/questionnaires/drafts/{community.id}").get_data(as_text=True)
    assert owner_draft.title not in page or f"/{owner_draft.id}\"" not in page


def test_each_party_is_offered_only_the_kinds_it_edits(as_role, community):
    page = as_role("committee").get(f"/questionnaires/drafts/{community.id}") \
        .get_data(as_text=True)
    assert "file:joint_inspection.yaml" in page and "file:gbt45698_checklist.yaml" in page
    for other in ("owner_survey.yaml", "internal_inspection.yaml", "third_party.yaml",
                  "pulse_survey.yaml"):
        assert f"file:{other}" not in page, other
    page = as_role("staff").get(f"/questionnaires/drafts/{community.id}").get_data(as_text=True)
    assert "file:owner_survey.yaml" in page and "file:third_party.yaml" not in page


def test_the_company_alone_cannot_put_a_joint_checklist_in_use(as_role, community,
                                                               other_community):
    client = as_role("staff")
    draft = _joint_draft(client, community)
    before = in_use("joint_inspection", community.id)
    # publishing directly is refused: it needs the other party
    page = client.post(_url(draft) + "/publish", follow_redirects=True).get_data(as_text=True)
    assert _fresh(QuestionnaireDraft, draft.id).version_id is None
    assert "propose" in page.lower() or "提议" in page
    assert client.post(f"/acts/{community.id}/checklists/drafts/{draft.id}/propose") \
        .status_code == 302
    proposal = db.session.scalar(select(ChecklistProposal))
    assert proposal.status == "pending" and proposal.proposer_party == "company"
    # the proposer is offered no confirm form, and cannot confirm even with the right hash
    page = client.get(f"/acts/{community.id}/checklists/{proposal.id}").get_data(as_text=True)
    assert 'name="preview_hash"' not in page
    client.post(f"/acts/{community.id}/checklists/{proposal.id}/confirm",
                data={"preview_hash": proposal.content_hash})
    assert _fresh(ChecklistProposal, proposal.id).status == "pending"
    assert _fresh(QuestionnaireDraft, draft.id).version_id is None
    # the proposed draft cannot change under the other party's eyes
    page = client.get(_url(draft)).get_data(as_text=True)
    assert 'id="outline"' not in page and 'name="yaml"' not in page and 'id="proposal"' in page
    response = client.post(_url(draft) + "/sections/0/items/0/down")
    assert _fresh(QuestionnaireDraft, draft.id).definition["sections"][0]["items"][0]["id"] \
        == draft.definition["sections"][0]["items"][0]["id"]
    assert in_use("joint_inspection", community.id) == before
    assert response.status_code == 302


def test_the_committee_confirms_what_it_previewed_and_the_checklist_is_used(
        as_role, community, other_community):
    client = as_role("staff")
    draft = _joint_draft(client, community)
    client.post(f"/acts/{community.id}/checklists/drafts/{draft.id}/propose")
    proposal = db.session.scalar(select(ChecklistProposal))
    client = as_role("committee")
    page = client.get(f"/acts/{community.id}/checklists/{proposal.id}").get_data(as_text=True)
    assert 'class="walk-item card"' in page and 'id="changes"' in page
    # a stale or missing hash is refused and nothing happens
    client.post(f"/acts/{community.id}/checklists/{proposal.id}/confirm",
                data={"preview_hash": "0" * 64})
    assert _fresh(ChecklistProposal, proposal.id).status == "pending"
    response = client.post(f"/acts/{community.id}/checklists/{proposal.id}/confirm",
                           data={"preview_hash": _preview_hash(client, proposal)})
    assert response.status_code == 302
    proposal = _fresh(ChecklistProposal, proposal.id)
    assert proposal.status == "confirmed" and proposal.confirmer_party == "committee"
    version = db.session.get(QuestionnaireVersion, proposal.version_id)
    assert version.version == "2027.1" and _fresh(QuestionnaireDraft, draft.id).is_published
    assert in_use("joint_inspection", community.id) == version
    assert in_use("joint_inspection", other_community.id) != version  # not theirs


def test_a_withdrawn_proposal_frees_the_draft(as_role, community):
    client = as_role("committee")
    draft = _joint_draft(client, community)
    client.post(f"/acts/{community.id}/checklists/drafts/{draft.id}/propose")
    proposal = db.session.scalar(select(ChecklistProposal))
    assert proposal.proposer_party == "committee"
    client = as_role("staff")  # the other party declines
    client.post(f"/acts/{community.id}/checklists/{proposal.id}/withdraw")
    assert _fresh(ChecklistProposal, proposal.id).status == "withdrawn"
    assert client.post(_url(draft) + "/sections/0/items/0/down").status_code == 302


def test_a_non_lead_assessor_cannot_edit_a_sheet(client, community, users):
    org, _lead, _plain = org_with_lead(community)
    base = f"/questionnaires/sheets/{org.id}"
    login(client, "lead_assessor")
    assert client.post(base, data={"source": "file:third_party.yaml"}).status_code == 302
    draft = db.session.scalars(select(QuestionnaireDraft)
                               .order_by(QuestionnaireDraft.id.desc())).first()
    text = client.get(f"{base}/{draft.id}/download").data
    assert yaml.safe_load(text) == yaml.safe_load((SHIPPED / "third_party.yaml")
                                                  .read_text("utf-8"))
    for username in ("plain_assessor", "assessor", "staff", "committee"):
        client.post("/logout")
        login(client, username)
        assert client.get(base).status_code == 403, username
        assert client.get(f"{base}/{draft.id}").status_code == 403, username
        assert client.post(f"{base}/{draft.id}", data={"yaml": "key: x"}).status_code == 403
        assert client.post(f"{base}/{draft.id}/publish").status_code == 403
    assert _fresh(QuestionnaireDraft, draft.id).definition["key"] == "third_party"
    client.post("/logout")
    login(client, "lead_assessor")
    definition = yaml.safe_load(text)
    definition["version"] = "2027.1"
    client.post(f"{base}/{draft.id}", data={"yaml": yaml.safe_dump(definition,
                                                                    allow_unicode=True)})
    assert client.post(f"{base}/{draft.id}/publish").status_code == 302
    version = db.session.get(QuestionnaireVersion, _fresh(QuestionnaireDraft,
                                                          draft.id).version_id)
    assert version.kind == "third_party" and version.version == "2027.1"
    assert 'id="sheets-link"' in client.get("/assessments/").get_data(as_text=True)


def test_the_confirmed_checklist_is_walked_with_its_deduction_floor(app, as_role, community,
                                                                     period, users):
    from datetime import date

    from flask_login import login_user

    from survey_app.inspections import services as inspections

    client = as_role("committee")
    draft = _joint_draft(client, community)
    definition = yaml.safe_load(client.get(_url(draft) + "/download").data)
    first = definition["sections"][0]["items"][0]
    first["deduction"] = {"per": 1, "floor": 2}
    client.post(_url(draft), data={"yaml": yaml.safe_dump(definition, allow_unicode=True)})
    client.post(f"/acts/{community.id}/checklists/drafts/{draft.id}/propose")
    proposal = db.session.scalar(select(ChecklistProposal))
    client = as_role("staff")
    client.post(f"/acts/{community.id}/checklists/{proposal.id}/confirm",
                data={"preview_hash": _preview_hash(client, proposal)})
    version_id = _fresh(ChecklistProposal, proposal.id).version_id
    assert version_id
    with app.test_request_context():
        login_user(users["committee"])
        made = inspections.schedule(community.id, kind="quarterly",
                                    inspection_date=date(2026, 11, 5), area="3号楼")
    db.session.commit()
    assert made.questionnaire_version_id == version_id  # the community's own checklist
    client = as_role("committee")
    walk = client.get(f"/inspections/c/{community.id}/{made.id}/walk").get_data(as_text=True)
    assert "最低2" in walk
    response = client.post(f"/inspections/c/{community.id}/{made.id}/items/{first['id']}",
                           data={f"{first['id']}-mode": "deductions",
                                 f"{first['id']}-count": "9"},
                           content_type="multipart/form-data")
    assert response.status_code in (200, 302)
    row = next(r for r in inspections.current_rows(_fresh(type(made), made.id))
               if r.item_id == first["id"])
    assert row.awarded == 2.0 and row.deduction_count == 9
