"""Drafts: private to a community, checked with the files' schema, frozen on publish."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.questionnaires import drafts
from survey_app.questionnaires.models import QuestionnaireDraft, QuestionnaireVersion
from tests.fixtures.factories import PASSWORD, login

SHIPPED = sorted((Path(__file__).parents[3] / "questionnaires").glob("*.yaml"))
#: what a community's staff edit (third-party sheets: the assessor organisation's lead,
#: round-tripped in test_who_edits.py)
COMMUNITY_KINDS = [p for p in SHIPPED if "kind: third_party" not in p.read_text("utf-8")]


def _start(client, community, source="file:owner_survey.yaml"):
    response = client.post(f"/questionnaires/drafts/{community.id}/new", data={"source": source})
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    return db.session.scalars(select(QuestionnaireDraft)
                              .order_by(QuestionnaireDraft.id.desc())).first()


def _edit_url(draft):
    return f"/questionnaires/drafts/{draft.community_id}/{draft.id}"


def test_staff_start_edit_and_publish_a_draft(as_role, community):
    client = as_role("staff")
    draft = _start(client, community)
    assert draft.kind == "owner_survey" and not draft.is_published
    page = client.get(_edit_url(draft)).get_data(as_text=True)
    assert "key: " in page
    definition = dict(draft.definition, key="pulse_editor", version="9")
    response = client.post(_edit_url(draft), data={"yaml": drafts.dump_yaml(definition)})
    assert response.status_code == 302
    response = client.post(_edit_url(draft) + "/publish")
    assert response.status_code == 302 and "/questionnaires/" in response.location
    version = db.session.scalar(select(QuestionnaireVersion).filter_by(key="pulse_editor"))
    assert version.version == "9" and db.session.get(QuestionnaireDraft, draft.id).version_id \
        == version.id
    # a published draft no longer changes; its version is never rewritten
    response = client.post(_edit_url(draft), data={"yaml": drafts.dump_yaml(definition)})
    assert response.status_code == 400
    assert "published" in response.get_data(as_text=True) or "发布" in \
        response.get_data(as_text=True)


def test_schema_problems_are_listed_and_block_publishing(as_role, community):
    client = as_role("staff")
    draft = _start(client, community)
    bad = dict(draft.definition, key="bad_editor")
    first = bad["sections"][0]["items"][0]
    bad["sections"][0]["items"][0] = dict(first, show_if={"item": first["id"], "value": 1})
    bad["sections"][0]["items"].append(dict(first))  # duplicate id
    response = client.post(_edit_url(draft), data={"yaml": drafts.dump_yaml(bad)})
    assert response.status_code == 302
    page = client.get(_edit_url(draft)).get_data(as_text=True)
    assert "sections[0].items[0].show_if.item" in page
    assert "duplicate item id" in page
    response = client.post(_edit_url(draft) + "/publish")
    assert response.status_code == 302
    assert db.session.scalar(select(QuestionnaireVersion).filter_by(key="bad_editor")) is None


def test_bad_yaml_goes_beside_the_field_and_saves_nothing(as_role, community):
    client = as_role("staff")
    draft = _start(client, community)
    before = dict(draft.definition)
    response = client.post(_edit_url(draft), data={"yaml": "key: [unclosed"})
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(QuestionnaireDraft, draft.id).definition == before
    response = client.post(_edit_url(draft), data={"yaml": "- just a list"})
    assert response.status_code == 400


def test_drafts_are_private_to_their_community(as_role, community, other_community):
    client = as_role("staff")
    draft = _start(client, community)
    assert client.get(f"/questionnaires/drafts/{other_community.id}/{draft.id}").status_code \
        == 404
    create_user("local_staff", PASSWORD, "staff", [other_community.id])
    db.session.commit()
    client.post("/logout")
    login(client, "local_staff")
    assert client.get(_edit_url(draft)).status_code == 403
    assert client.get(f"/questionnaires/drafts/{community.id}").status_code == 403


@pytest.mark.parametrize("path", COMMUNITY_KINDS, ids=lambda p: p.name)
def test_yaml_download_upload_round_trip_is_exact(as_role, community, path):
    client = as_role("staff")
    draft = _start(client, community, f"file:{path.name}")
    downloaded = client.get(_edit_url(draft) + "/download")
    assert downloaded.status_code == 200 and "attachment" in downloaded.headers[
        "Content-Disposition"]
    response = client.post(f"/questionnaires/drafts/{community.id}/upload", data={
        "file": (io.BytesIO(downloaded.data), "copy.yaml")}, content_type="multipart/form-data")
    assert response.status_code == 302
    copy = db.session.scalars(select(QuestionnaireDraft)
                              .order_by(QuestionnaireDraft.id.desc())).first()
    assert copy.id != draft.id
    assert copy.definition == draft.definition == yaml.safe_load(path.read_text("utf-8"))
    assert client.get(_edit_url(copy) + "/download").data == downloaded.data


def test_an_upload_that_is_not_yaml_is_refused(as_role, community):
    client = as_role("staff")
    for name, data in (("x.xlsx", b"PK\x03\x04"), ("x.txt", b"key: a"), ("x.yaml", b"\xff\xfe\x00"),
                       ("x.yaml", b"key: [")):
        response = client.post(f"/questionnaires/drafts/{community.id}/upload", data={
            "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")
        assert response.status_code == 400, name
    assert db.session.scalar(select(QuestionnaireDraft)) is None


def test_a_draft_from_a_published_version_copies_it(as_role, community):
    client = as_role("staff")
    draft = _start(client, community, "file:internal_inspection.yaml")
    client.post(_edit_url(draft) + "/publish")
    version = db.session.scalar(select(QuestionnaireVersion))
    copy = _start(client, community, f"version:{version.id}")
    assert copy.definition == version.definition and copy.kind == "internal_inspection"
    response = client.post(_edit_url(copy) + "/delete")
    assert response.status_code == 302
    assert db.session.get(QuestionnaireDraft, copy.id) is None


def test_the_pulse_survey_of_the_template_library_publishes_as_it_is(as_role, community):
    client = as_role("staff")
    draft = _start(client, community, "file:pulse_survey.yaml")
    items = [i for s in draft.definition["sections"] for i in s["items"]]
    assert len(items) == 5 and draft.kind == "owner_survey"
    client.post(_edit_url(draft) + "/publish")
    assert db.session.scalar(select(QuestionnaireVersion).filter_by(key="pulse_survey"))
