"""Issue 20, faults of the offline walk-round in Chromium at phone width: storage full, a
photo the phone cannot compress, and a phone clock two days ahead (then corrected)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.inspections.models import ItemScore
from survey_app.models_base import utcnow
from tests.fixtures.offline import count, local, open_offline, until

#: IndexedDB refuses every new entry once the test sets window.__full (as a full phone does)
QUOTA = """(() => {
  const add = IDBObjectStore.prototype.add;
  IDBObjectStore.prototype.add = function (...args) {
    if (self.__full) { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); }
    return add.apply(this, args);
  };
})();"""

#: the phone's clock runs window.__skew ms ahead (two days until the test corrects it)
SKEW = """(() => {
  const Real = Date;
  self.__skew = 2 * 86400 * 1000;
  class Phone extends Real {
    constructor(...args) { if (args.length) { super(...args); } else { super(Real.now() + self.__skew); } }
    static now() { return Real.now() + self.__skew; }
  }
  self.Date = Phone;
})();"""


def _queued(page) -> int:
    """Entries in the phone's queue (saves and photos)."""
    return page.evaluate("""() => new Promise((ok) => {
      const r = indexedDB.open("walk-offline");
      r.onsuccess = () => { const q = r.result.transaction("queue").objectStore("queue").count();
                            q.onsuccess = () => { r.result.close(); ok(q.result); }; };
    })""")


@pytest.mark.browser
def test_storage_full_says_so_and_keeps_what_is_saved(live, joint_walk_url, browser):
    context, page = open_offline(browser, live, joint_walk_url, "committee", QUOTA)
    context.set_offline(True)
    page.locator("#item-cl1 .quick-pass").click()
    until(lambda: local(page) == 1)
    page.evaluate("() => { window.__full = true; }")
    box = page.locator("#item-cl2 details.item-more")
    box.locator("summary").click()
    box.locator("input[value=deductions]").check()
    box.locator("input[name='cl2-count']").fill("3")
    box.locator("button[type=submit]").click()
    page.locator("#item-cl2 .error").first.wait_for()
    assert "手机存储空间不足" in page.locator("#item-cl2 [data-errors]").inner_text()
    assert box.locator("input[name='cl2-count']").input_value() == "3"  # still on screen
    assert local(page) == 1 and _queued(page) == 1
    page.reload()
    until(lambda: local(page) == 1)
    assert page.locator("#item-cl1.is-local").count() == 1
    context.set_offline(False)
    until(lambda: count(ItemScore) == 1)
    context.close()


@pytest.mark.browser
def test_a_photo_that_cannot_be_compressed_is_refused_on_its_item_and_nothing_queued(
        live, joint_walk_url, browser, tmp_path):
    context, page = open_offline(browser, live, joint_walk_url, "committee")
    broken = tmp_path / "IMG_0001.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a photo" * 20)
    context.set_offline(True)
    box = page.locator("#item-cl1 details.item-more")
    box.locator("summary").click()
    box.locator("input[value=deductions]").check()
    box.locator("input[name='cl1-count']").fill("1")
    box.locator("input[type=file]").set_input_files(str(broken))
    box.locator("button[type=submit]").click()
    page.locator("#item-cl1 .error").first.wait_for()
    assert "这张照片无法在手机上压缩处理" in page.locator("#item-cl1 [data-errors]").inner_text()
    assert local(page) == 0 and _queued(page) == 0  # neither the score nor the photo
    assert box.locator("input[name='cl1-count']").input_value() == "1"
    context.close()


@pytest.mark.browser
def test_a_phone_clock_two_days_ahead_keeps_order_and_shows_its_age(
        live, joint_walk_url, browser):
    context, page = open_offline(browser, live, joint_walk_url, "committee", SKEW)
    ahead = "() => Math.round((Date.now() - performance.timeOrigin - performance.now()) / 864e5)"
    assert page.evaluate(ahead) == 2  # the phone's clock really is two days ahead
    phone_day = page.evaluate("() => new Date().toLocaleDateString()")
    context.set_offline(True)
    page.locator("#item-cl1 .quick-pass").click()
    until(lambda: local(page) == 1)
    page.evaluate("() => { window.__skew = 0; }")  # the phone's clock is corrected meanwhile
    for item in ("cl2", "cl3"):
        page.locator(f"#item-{item} .quick-pass").click()
    until(lambda: local(page) == 3)
    page.reload()
    until(lambda: local(page) == 3)
    banner = page.locator("#walk-offline-banner").inner_text()
    # the oldest save is the first one made, at the phone's own (wrong) time
    assert "离线保存于" in banner and phone_day in banner and "Invalid" not in banner
    context.set_offline(False)
    until(lambda: page.locator("[data-item].is-synced").count() == 3)
    db.session.expire_all()
    rows = db.session.scalars(select(ItemScore).order_by(ItemScore.id)).all()
    assert [r.item_id for r in rows] == ["cl1", "cl2", "cl3"]  # sent in the order made
    # versions are the server's clock, never the phone's
    assert all(r.updated_at < utcnow() + timedelta(minutes=5) for r in rows)
    context.close()
