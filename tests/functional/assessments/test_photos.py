"""Evidence photos per item: stored through the shared pipeline, private until comparison."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from survey_app.assessments.models import SheetPhoto
from survey_app.extensions import db
from survey_app.uploads import Photo
from tests.fixtures.assessments import ITEMS, sheet_form


def _jpeg(color=(200, 30, 30)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "JPEG")
    out.seek(0)
    return out


def _status(client, url) -> int:
    """GET a photo URL and close the file response."""
    response = client.get(url)
    response.close()
    return response.status_code


def _post(client, pid, values, files=None, action="save", extra=None):
    data = sheet_form(values, action=action)
    data.update(extra or {})
    for name, handle in (files or {}).items():
        data[name] = handle
    return client.post(f"/assessments/{pid}/sheet", data=data,
                       content_type="multipart/form-data")


def test_photo_upload_view_and_privacy(make_project, sign_in):
    project = make_project(2)
    pid = project.id
    client = sign_in("assessor2")
    r = _post(client, pid, {"c1": 6}, {"photo-c1": (_jpeg(), "楼道.jpg")})
    assert r.status_code == 302
    link = db.session.scalar(select(SheetPhoto))
    assert link.item_id == "c1"
    photo_url = f"/assessments/photos/{link.photo_id}"
    assert _status(client, photo_url) == 200
    thumb = client.get(photo_url + "?thumb=1")
    thumb.close()
    assert thumb.headers["Content-Type"] == "image/jpeg"
    assert f'/assessments/photos/{link.photo_id}' in client.get(
        f"/assessments/{pid}/sheet").get_data(as_text=True)
    # the lead has not submitted: cannot see another assessor's evidence yet; staff neither
    assert _status(sign_in("assessor"), photo_url) == 403
    assert _status(sign_in("staff"), photo_url) == 403
    # a file that is not an image is refused with the item named; nothing is kept
    client = sign_in("assessor2")
    r = _post(client, pid, {"c2": 5}, {"photo-c2": (io.BytesIO(b"<html>x</html>"), "x.jpg")})
    assert r.status_code == 400 and 'class="item has-error" id="item-c2"' in r.get_data(
        as_text=True)
    assert db.session.scalar(select(db.func.count(SheetPhoto.id))) == 1
    # after the lead submitted, the lead may see it
    lead = sign_in("assessor")
    _post(lead, pid, dict.fromkeys(ITEMS, 7), action="submit")
    client = sign_in("assessor2")
    _post(client, pid, dict.fromkeys(ITEMS, 5), action="submit")
    assert _status(sign_in("assessor"), photo_url) == 200
    review = sign_in("assessor").get(f"/assessments/{pid}/review").get_data(as_text=True)
    assert f"/assessments/photos/{link.photo_id}?thumb=1" in review


def test_photo_can_be_removed_while_editable(make_project, sign_in):
    project = make_project(2)
    client = sign_in("assessor2")
    _post(client, project.id, {"c1": 6}, {"photo-c1": (_jpeg(), "a.jpg")})
    photo_id = db.session.scalar(select(SheetPhoto.photo_id))
    _post(client, project.id, {"c1": 6}, extra={"delphoto": str(photo_id)})
    assert db.session.scalar(select(db.func.count(SheetPhoto.id))) == 0
    assert db.session.get(Photo, photo_id) is None
