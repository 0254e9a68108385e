"""Issue 16 items 9-11 and 19 for inspections: the walk-round on a phone (one tap per item,
其余全部合格, folded saved items, no ignored 得分 box, 去签字 in sight, rectifications to
re-check, gallery photos), one task per finding with its before photos, one word per state,
one severity scale, the second quarterly inspection warning, and the record PDF."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

from PIL import Image
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.feedback.models import SEVERITIES as TICKET_SEVERITIES
from survey_app.inspections import services
from survey_app.inspections.models import SEVERITIES, Inspection, ItemScore, Rectification
from tests.fixtures.jobs import download


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 60)).save(out, "JPEG")
    return out.getvalue()


def base(inspection) -> str:
    return f"/inspections/c/{inspection.community_id}/{inspection.id}"


def score(client, inspection, item, photo=False, **fields):
    data = {f"{item}-{k}": v for k, v in fields.items()}
    if photo:
        data[f"{item}-photos"] = (io.BytesIO(jpeg()), "before.jpg")
    return client.post(f"{base(inspection)}/items/{item}", data=data,
                       content_type="multipart/form-data")


def rows() -> dict[str, ItemScore]:
    db.session.expire_all()
    return {r.item_id: r for r in db.session.scalars(select(ItemScore))}


def _quick_forms(page: str, item: str) -> list[str]:
    article = page[page.index(f'id="item-{item}"'):]
    article = article[:article.index("</article>")]
    return re.findall(r'<form class="item-form quick-form".*?</form>', article, re.S)


def test_walk_offers_one_tap_pass_and_not_applicable(as_role, inspection):
    client = as_role("committee")
    page = client.get(f"{base(inspection)}/walk").get_data(as_text=True)
    pass_form, na_form = _quick_forms(page, "cl1")
    # cl1 is scored by deductions: 合格 is "no problems found"
    assert 'name="cl1-mode" value="deductions"' in pass_form and 'name="cl1-count" value="0"' in pass_form
    assert "合格" in pass_form and 'name="cl1-mode" value="na"' in na_form and "不适用" in na_form
    assert score(client, inspection, "cl1", mode="deductions", count=0).status_code == 302
    assert score(client, inspection, "cl2", mode="na").status_code == 302
    saved = rows()
    assert saved["cl1"].awarded == saved["cl1"].max_points and not saved["cl1"].is_finding
    assert saved["cl2"].awarded is None


def test_all_the_rest_pass_fills_only_the_gaps_of_one_section(as_role, inspection):
    client = as_role("committee")
    assert score(client, inspection, "cl3", mode="deductions", count=2).status_code == 302
    response = client.post(f"{base(inspection)}/sections/cleaning/pass")
    assert response.status_code == 302 and response.location.endswith("#g-cleaning")
    saved = rows()
    cleaning = {k: r for k, r in saved.items() if k.startswith("cl")}
    assert len(cleaning) == 6 and set(saved) == set(cleaning)  # no other section touched
    assert saved["cl3"].awarded == 3.0 and saved["cl3"].deduction_count == 2  # kept as entered
    assert all(r.awarded == r.max_points for k, r in cleaning.items() if k != "cl3")
    assert client.post(f"{base(inspection)}/sections/nonsense/pass").status_code == 404
    assert as_role("staff").post(f"{base(inspection)}/sections/cleaning/pass").status_code == 403


def test_saved_items_fold_and_sign_off_is_in_the_bar(as_role, inspection):
    client = as_role("committee")
    score(client, inspection, "cl1", mode="deductions", count=1)
    page = client.get(f"{base(inspection)}/walk").get_data(as_text=True)
    bar = page[page.index('id="walk-bar"'):]
    bar = bar[:bar.index("</div>")]
    assert "去签字" in bar and "#participants" in bar
    saved = page[page.index('id="item-cl1"') - 80:page.index('id="item-cl2"')]
    assert "is-saved" in saved and "<details class=\"item-more\">" in saved
    assert "修改、补充照片或备注" in saved
    fresh = page[page.index('id="item-cl2"'):page.index('id="item-cl3"')]
    assert "记录问题" in fresh and "is-saved" not in fresh.split(">")[0]
    # the 得分 box belongs to 直接打分 only: it carries a class the page hides in 按处扣分 mode
    assert 'class="field f-points' in fresh and 'class="field f-count' in fresh
    assert "其余全部合格" in page


def test_deductions_mode_ignores_a_stray_points_value(as_role, inspection):
    client = as_role("committee")
    assert score(client, inspection, "cl1", mode="deductions", count=2, points=4).status_code == 302
    assert rows()["cl1"].awarded == 3.0 and rows()["cl1"].mode == "deductions"


def test_photos_may_come_from_the_gallery(as_role, inspection):
    client = as_role("committee")
    page = client.get(f"{base(inspection)}/walk").get_data(as_text=True)
    assert 'type="file"' in page and "capture=" not in page


def _finding_with_task(client, inspection, item="cl4", photo=True):
    assert score(client, inspection, item, photo=photo, mode="deductions", count=2,
                 location="5号楼垃圾房").status_code == 302
    response = client.post(f"{base(inspection)}/items/{item}/rectify", data={
        "department": "环境部", "description": "垃圾房满溢，需每日清运", "severity": "major"})
    assert response.status_code == 302
    return db.session.scalar(select(Rectification).filter_by(item_id=item))


def test_one_finding_opens_one_rectification(as_role, inspection):
    client = as_role("committee")
    rect = _finding_with_task(client, inspection)
    again = client.post(f"{base(inspection)}/items/cl4/rectify", data={
        "department": "环境部", "description": "再开一个", "severity": "minor"})
    assert again.status_code == 200 and f"#{rect.id}" in again.get_data(as_text=True)
    assert db.session.query(Rectification).count() == 1
    form = client.get(f"{base(inspection)}/items/cl4/rectify")
    assert form.status_code == 302 and form.location.endswith(f"/rectifications/{rect.id}")
    record = client.get(base(inspection)).get_data(as_text=True)
    assert f"{base(inspection)}/items/cl4/rectify" not in record


def test_task_page_shows_the_before_photo(as_role, inspection):
    committee = as_role("committee")
    rect = _finding_with_task(committee, inspection)
    photo_urls = re.findall(r'/inspections/c/\d+/photos/\d+', committee.get(
        f"{base(inspection)}/walk").get_data(as_text=True))
    page = as_role("staff").get(
        f"/inspections/c/{inspection.community_id}/rectifications/{rect.id}").get_data(as_text=True)
    before = page[page.index('class="before-photos"'):]
    before = before[:before.index("</div>")]
    assert "整改前" in before and photo_urls and photo_urls[0] in before
    assert "capture=" not in page


def test_rectification_states_use_one_word_each(as_role, inspection):
    committee = as_role("committee")
    rect = _finding_with_task(committee, inspection, photo=False)
    rurl = f"/inspections/c/{inspection.community_id}/rectifications/{rect.id}"
    assert as_role("staff").post(f"{rurl}/submit", data={"note": "已清运"}).status_code == 302
    committee = as_role("committee")
    review = committee.get(rurl).get_data(as_text=True)
    assert "不合格，退回整改" in review and "重开" not in review
    assert committee.post(f"{rurl}/review", data={"action": "reopen", "note": "仍满溢"}).status_code == 302
    page = committee.get(rurl).get_data(as_text=True)
    assert "已退回整改" in page and "重开" not in page and "重新开放" not in page


def test_severity_words_are_the_same_for_findings_and_tickets():
    assert [str(v) for v in SEVERITIES.values()] == [str(v) for v in TICKET_SEVERITIES.values()]


def test_open_rectifications_are_listed_for_re_check_on_the_next_walk(
        app, as_role, inspection, users):
    committee = as_role("committee")
    rect = _finding_with_task(committee, inspection, photo=False)
    with app.test_request_context():
        from flask_login import login_user

        login_user(users["committee"])
        later = services.schedule(inspection.community_id, kind="adhoc",
                                  inspection_date=date(2026, 11, 26))
    db.session.commit()
    page = committee.get(f"{base(later)}/walk").get_data(as_text=True)
    recheck = page[page.index('id="recheck"'):]
    recheck = recheck[:recheck.index("</details>")]
    assert "本次检查可一并复查的整改" in recheck and f"/rectifications/{rect.id}" in recheck
    item = page[page.index('id="item-cl4"'):]
    item = item[:item.index("</article>")]
    assert f"复查整改 #{rect.id}" in item  # and beside the item walked past
    own = committee.get(f"{base(inspection)}/walk").get_data(as_text=True)
    assert 'id="recheck"' not in own  # a walk does not re-check its own new findings


def test_second_quarterly_inspection_in_a_quarter_needs_a_tick(as_role, inspection):
    client = as_role("committee")
    url = f"/inspections/c/{inspection.community_id}/new"
    warned = client.post(url, data={"kind": "quarterly", "inspection_date": "2026-11-20"})
    page = warned.get_data(as_text=True)
    assert warned.status_code == 200 and "已安排季度联合检查" in page and 'name="second_quarterly"' in page
    assert db.session.query(Inspection).count() == 1
    assert client.post(url, data={"kind": "adhoc", "inspection_date": "2026-11-20"}).status_code == 302
    assert client.post(url, data={"kind": "quarterly", "inspection_date": "2026-11-21",
                                  "second_quarterly": "y"}).status_code == 302
    assert db.session.query(Inspection).count() == 3


def test_record_pdf_prints_no_deduction_on_full_mark_rows(as_role, inspection, tmp_path):
    client = as_role("committee")
    assert score(client, inspection, "cl1", mode="deductions", count=0).status_code == 302
    assert score(client, inspection, "cl2", mode="deductions", count=1).status_code == 302
    page = client.get(base(inspection)).get_data(as_text=True)
    assert "0处 × −" not in page and "1处 × −0.5" in page
    response = download(client, f"{base(inspection)}/record.pdf")
    assert response.status_code == 200
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "0处" not in text and "1处 × −0.5" in text


def test_lists_stack_as_cards_on_phones(as_role, inspection):
    client = as_role("committee")
    _finding_with_task(client, inspection, photo=False)
    cid = inspection.community_id
    archive = client.get(f"/inspections/c/{cid}/").get_data(as_text=True)
    assert 'class="table stack"' in archive and 'data-label="得分"' in archive
    tasks = client.get(f"/inspections/c/{cid}/rectifications").get_data(as_text=True)
    assert 'class="table stack"' in tasks and 'data-label="整改期限"' in tasks
