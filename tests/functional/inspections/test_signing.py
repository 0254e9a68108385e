"""Each party signs for itself (issue 14 item 3): accounts sign from their own login,
people without an account through a one-time link on their own phone with a drawn signature.
Every refusal gives a clear message and stores nothing."""

from __future__ import annotations

import base64
import io
import subprocess
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.inspections.models import Inspection, Participant, Signoff
from survey_app.models_base import utcnow
from survey_app.signing.models import SignatureImage, SigningLink
from tests.fixtures.jobs import download
from tests.fixtures.signing import (
    base,
    data_url,
    issue_link,
    png_drawing,
    sign_everyone,
    sign_with_link,
)

from .test_loop import add_people, score_all


@pytest.fixture
def ready(as_role, inspection, checklist_version):
    """Three participants (two with accounts, the grid worker without), every item scored."""
    client = as_role("committee")
    add_people(client, inspection)
    score_all(client, inspection, checklist_version)
    db.session.expire_all()
    return {p.name: p for p in db.session.get(Inspection, inspection.id).participants}


def _counts():
    return (db.session.scalar(select(func.count(Signoff.id))),
            db.session.scalar(select(func.count(SignatureImage.id))),
            db.session.scalar(select(func.count(SigningLink.id)).where(
                SigningLink.used_at.is_not(None))))


def test_the_committee_cannot_sign_for_anyone_else(as_role, inspection, ready):
    """Before: the committee typed the project manager's name and the record locked."""
    client = as_role("committee")
    for name in ("赵经理", "王网格员"):
        url = f"{base(inspection)}/participants/{ready[name].id}/sign"
        assert client.post(url, data={f"p{ready[name].id}-typed_name": name}).status_code == 403
    assert _counts() == (0, 0, 0)
    # the company's staff cannot sign for the committee either
    staff = as_role("staff")
    assert staff.post(f"{base(inspection)}/participants/{ready['李主任'].id}/sign").status_code \
        == 403
    assert _counts() == (0, 0, 0)


def test_the_sign_button_shows_only_for_the_participants_own_account(as_role, inspection, ready):
    page = as_role("staff").get(base(inspection)).get_data(as_text=True)
    assert f"/participants/{ready['赵经理'].id}/sign" in page
    assert f"/participants/{ready['李主任'].id}/sign" not in page
    assert f"/participants/{ready['王网格员'].id}/link" not in page  # links are the recorder's
    page = as_role("committee").get(base(inspection)).get_data(as_text=True)
    assert f"/participants/{ready['李主任'].id}/sign" in page
    assert f"/participants/{ready['赵经理'].id}/sign" not in page
    assert f"/participants/{ready['王网格员'].id}/link" in page
    assert f"/participants/{ready['赵经理'].id}/link" not in page


def test_account_participants_sign_from_their_login(as_role, inspection, ready):
    response = as_role("staff").post(f"{base(inspection)}/participants/{ready['赵经理'].id}/sign")
    assert response.status_code == 302
    signoff = db.session.scalar(select(Signoff))
    assert (signoff.method, signoff.signer.username, signoff.image_id) == ("account", "staff",
                                                                           None)
    again = as_role("staff").post(f"{base(inspection)}/participants/{ready['赵经理'].id}/sign")
    assert again.status_code == 400 and "已签字" in again.get_data(as_text=True)


def test_a_signing_link_is_random_hashed_and_shown_as_a_qr_code(as_role, inspection, ready):
    client = as_role("committee")
    response, token = issue_link(client, inspection, ready["王网格员"].id)
    assert response.status_code == 200 and token and len(token) >= 40
    assert "<svg" in response.get_data(as_text=True)
    link = db.session.scalar(select(SigningLink))
    assert token not in link.token_hash and link.used_at is None
    assert timedelta(minutes=25) < link.expires_at - utcnow() <= timedelta(minutes=30)
    # a participant with an account gets no link: they sign from the account
    refused, none = issue_link(client, inspection, ready["赵经理"].id)
    assert refused.status_code == 400 and none is None
    assert db.session.scalar(select(func.count(SigningLink.id))) == 1


def test_the_signing_page_shows_the_record_and_signs_with_a_drawing(as_role, inspection, ready):
    _, token = issue_link(as_role("committee"), inspection, ready["王网格员"].id)
    page = sign_with_link.__globals__["phone"]().get(f"/sign/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and inspection.title in text and "<canvas" in text
    assert "signature-pad.js" in text and "onclick" not in text
    response = sign_with_link(token, " 王 网格员 ")  # spaces do not matter
    assert response.status_code == 200
    signoff = db.session.scalar(select(Signoff))
    assert signoff.method == "link" and signoff.typed_name == "王 网格员"
    image = db.session.get(SignatureImage, signoff.image_id)
    assert Image.open(io.BytesIO(image.png)).format == "PNG" and len(image.sha256) == 64
    record = as_role("staff").get(base(inspection) + "?lang=en").get_data(as_text=True)
    assert f"/signatures/{signoff.id}.png" in record
    assert "signing link with handwritten signature" in record
    png = as_role("staff").get(f"{base(inspection)}/signatures/{signoff.id}.png")
    assert png.status_code == 200 and png.data == image.png


def test_a_wrong_name_never_reveals_the_registered_one(as_role, inspection, ready):
    _, token = issue_link(as_role("committee"), inspection, ready["王网格员"].id)
    response = sign_with_link(token, "李建国")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "姓名与登记不一致" in text
    assert "王网格员" not in text.split("<form")[1]  # neither in a message nor pre-filled
    assert "网格员" not in text.split('class="error"')[1][:200]
    assert _counts() == (0, 0, 0)
    # the link still works for the right person
    assert sign_with_link(token, "王网格员").status_code == 200


@pytest.mark.parametrize("drawing, message", [
    ("", "请在框内手写签名"),
    (data_url(png_drawing(ink=False)), "请在框内手写签名"),
    (data_url(png_drawing(mode="RGB", ink=False)), "请在框内手写签名"),
    ("data:image/png;base64,not-base64!!", "签名图片无效"),
    ("data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff").decode(), "PNG"),
    (data_url(b"\x89PNG\r\n\x1a\n" + b"0" * 100), "签名图片无效"),
    (data_url(png_drawing(size=(5000, 200))), "尺寸"),
])
def test_a_missing_blank_or_false_drawing_is_refused(as_role, inspection, ready, drawing,
                                                     message):
    _, token = issue_link(as_role("committee"), inspection, ready["王网格员"].id)
    response = sign_with_link(token, "王网格员", drawing=drawing)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _counts() == (0, 0, 0)


def test_a_link_signs_once(as_role, inspection, ready):
    _, token = issue_link(as_role("committee"), inspection, ready["王网格员"].id)
    assert sign_with_link(token, "王网格员").status_code == 200
    before = _counts()
    reused = sign_with_link(token, "王网格员")
    assert reused.status_code == 410 and "已经使用" in reused.get_data(as_text=True)
    assert sign_with_link.__globals__["phone"]().get(f"/sign/{token}").status_code == 410
    assert _counts() == before


def test_an_expired_link_is_refused(as_role, inspection, ready):
    _, token = issue_link(as_role("committee"), inspection, ready["王网格员"].id)
    link = db.session.scalar(select(SigningLink))
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = sign_with_link(token, "王网格员")
    assert response.status_code == 410 and "已过期" in response.get_data(as_text=True)
    assert _counts() == (0, 0, 0)


def test_an_unknown_token_is_not_found(client):
    assert client.get("/sign/" + "x" * 43).status_code == 404


def test_the_recorder_cannot_use_the_link_while_signed_in(as_role, inspection, ready):
    client = as_role("committee")
    _, token = issue_link(client, inspection, ready["王网格员"].id)
    response = sign_with_link(token, "王网格员", client=client)
    assert response.status_code == 403 and "登录" in response.get_data(as_text=True)
    assert _counts() == (0, 0, 0)


def test_signing_a_locked_record_is_refused(as_role, inspection, ready):
    committee = as_role("committee")
    _, spare = issue_link(committee, inspection, ready["王网格员"].id)
    sign_everyone(as_role, inspection)
    db.session.expire_all()
    assert db.session.get(Inspection, inspection.id).status == "signed"
    before = _counts()
    response = sign_with_link(spare, "王网格员")
    assert response.status_code == 410 and "已签字并锁定" in response.get_data(as_text=True)
    again = as_role("staff").post(f"{base(inspection)}/participants/{ready['赵经理'].id}/sign")
    assert again.status_code == 400
    assert _counts() == before


def test_the_pdf_shows_how_and_when_each_person_signed(as_role, inspection, ready, tmp_path):
    sign_everyone(as_role, inspection)
    response = download(as_role("staff"), f"{base(inspection)}/record.pdf?lang=en")
    assert response.status_code == 200
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "How signed" in text and "from their own account" in text
    assert "handwritten signature" in text
    assert text.count("2026-") >= 3  # a time for each signature


def test_accounts_must_belong_to_the_participants_organisation(as_role, inspection, users):
    client = as_role("committee")
    url = f"{base(inspection)}/participants"
    for org, account in (("committee", users["staff"].id), ("community", users["committee"].id),
                         ("company", users["assessor"].id), ("company", 999999)):
        response = client.post(url, data={"name": "某人", "organisation": org,
                                          "user_id": account})
        assert response.status_code == 400, (org, account)
    assert db.session.scalar(select(func.count(Participant.id))) == 0
    assert client.post(url, data={"name": "", "organisation": "company",
                                  "user_id": users["staff"].id}).status_code == 302
    assert client.post(url, data={"name": "又一个", "organisation": "company",
                                  "user_id": users["staff"].id}).status_code == 400
