"""Issue 20: the walk-round offline in Chromium at phone width: queue, reload, sync, conflicts."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import delete, func, select

from survey_app.auth.models import LoginSession
from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.inspections.models import Inspection, ItemScore, OfflineSave
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.uploads import Photo
from tests.fixtures.factories import PASSWORD, make_community, make_period
from tests.fixtures.offline import controlled

CHECKLIST = Path(__file__).resolve().parents[2] / "questionnaires" / "joint_inspection.yaml"


@pytest.fixture
def walk_url():
    version, _created = publish(load_definition(CHECKLIST))
    community = make_community()
    period = make_period(community)
    create_user("committee", PASSWORD, "committee", [community.id])
    inspection = Inspection(community_id=community.id, period_id=period.id,
                            questionnaire_version_id=version.id, kind="quarterly",
                            title="2026-Q4 联合检查", inspection_date=date(2026, 11, 5))
    db.session.add(inspection)
    db.session.commit()
    return f"/inspections/c/{community.id}/{inspection.id}/walk"


def _login(page, live):
    page.goto(live + "/login")
    page.fill("input[name=username]", "committee")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def _open(browser, live, walk_url):
    """A phone-sized context signed in, on the walk-round, with the page kept by the worker."""
    context = browser.new_context(viewport={"width": 360, "height": 740})  # the real CSP
    page = context.new_page()
    _login(page, live)
    page.goto(live + walk_url)
    _until(lambda: controlled(page))
    # once the worker controls the page, a reload goes through it (network first) and is kept
    # even if the page's own "keep me" message raced the worker's activation
    page.reload()
    _until(lambda: controlled(page))
    _until(lambda: page.evaluate(
        "async () => { const c = await caches.open((await caches.keys())[0] || 'none');"
        " return (await c.keys()).some(r => r.url.endsWith('/walk')); }"))
    return context, page


def _until(check, seconds=15):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def _photo(tmp_path, name) -> str:
    path = tmp_path / name
    Image.new("RGB", (2400, 1800), (90, 120, 200)).save(path, "JPEG", quality=95)
    return str(path)


def _problem(page, item, tmp_path=None, count=None, points=None):
    """Record a problem on one item through its detailed form."""
    box = page.locator(f"#item-{item} details.item-more")
    if not box.get_attribute("open") and box.get_attribute("open") != "":
        box.locator("summary").click()
    if points is not None:
        box.locator("input[value=points]").check()
        box.locator(f"input[name='{item}-points']").fill(str(points))
    else:
        box.locator("input[value=deductions]").check()
        box.locator(f"input[name='{item}-count']").fill(str(count))
    if tmp_path is not None:
        box.locator("input[type=file]").set_input_files(_photo(tmp_path, f"{item}.jpg"))
    box.locator("button[type=submit]").click()


def _items(page) -> list[str]:
    return page.locator("article.walk-item").evaluate_all("els => els.map(e => e.dataset.item)")


def _local(page) -> int:
    return page.locator("article.walk-item.is-local").count()


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.browser
def test_ten_items_and_two_photos_offline_survive_a_reload_and_sync_once(
        live, walk_url, browser, tmp_path):
    context, page = _open(browser, live, walk_url)
    items = _items(page)[:10]
    context.set_offline(True)
    _problem(page, items[0], tmp_path, count=1)
    _problem(page, items[1], tmp_path, count=2)
    for item in items[2:]:
        page.locator(f"#item-{item} .quick-pass").click()
    _until(lambda: _local(page) == 10)
    assert "12" in page.locator("#walk-offline-banner").inner_text()
    assert _count(ItemScore) == 0
    page.reload()
    _until(lambda: _local(page) == 10)
    banner = page.locator("#walk-offline-banner").inner_text()
    assert "12" in banner and "离线保存于" in banner
    assert page.locator("a.walk-sign").get_attribute("aria-disabled") == "true"
    context.set_offline(False)
    _until(lambda: page.locator("article.walk-item.is-synced").count() == 10)
    _until(lambda: page.locator("#walk-offline-banner").is_hidden())
    assert _count(ItemScore) == 10 and _count(Photo) == 2 and _count(OfflineSave) == 12
    assert "已同步" in page.locator(f"#item-{items[2]} [data-state]").inner_text()
    context.close()


@pytest.mark.browser
def test_a_save_rejected_on_sync_comes_back_to_its_item(live, walk_url, browser):
    context, page = _open(browser, live, walk_url)
    context.set_offline(True)
    _problem(page, "cl1", points=9)  # the maximum is 4
    _until(lambda: _local(page) == 1)
    context.set_offline(False)
    page.locator("#item-cl1 .error").first.wait_for()
    assert "4" in page.locator("#item-cl1 .error").first.inner_text()
    assert _count(ItemScore) == 0
    context.close()


@pytest.mark.browser
def test_a_conflict_shows_both_values_and_lets_the_user_choose(live, walk_url, browser):
    context, page = _open(browser, live, walk_url)
    context.set_offline(True)
    _problem(page, "cl1", count=2)
    _until(lambda: _local(page) == 1)
    other, other_page = _open(browser, live, walk_url)  # another participant, online
    other_page.locator("#item-cl1 .quick-pass").click()
    _until(lambda: _count(ItemScore) == 1)
    context.set_offline(False)
    page.locator("#item-cl1 .error").first.wait_for()
    message = page.locator("#item-cl1 [data-errors]").inner_text()
    assert "0 处问题" in message and "2 处问题" in message
    page.locator("#item-cl1 [data-errors] button", has_text="保留我的").click()
    _until(lambda: db.session.scalar(select(ItemScore.deduction_count)) == 2)
    other.close()
    context.close()


@pytest.mark.browser
def test_session_expiry_offline_keeps_the_queue_until_signed_in_again(live, walk_url, browser):
    context, page = _open(browser, live, walk_url)
    context.set_offline(True)
    page.locator("#item-cl1 .quick-pass").click()
    _until(lambda: _local(page) == 1)
    db.session.execute(delete(LoginSession))  # the sign-in ends on the server meanwhile
    db.session.commit()
    context.set_offline(False)
    _until(lambda: "重新登录" in page.locator("#walk-offline-banner").inner_text())
    assert _count(ItemScore) == 0 and _local(page) == 1
    _login(page, live)
    page.goto(live + walk_url)
    _until(lambda: _count(ItemScore) == 1)
    context.close()


@pytest.mark.browser
def test_nothing_is_kept_or_synced_after_signing_out(live, walk_url, browser):
    context, page = _open(browser, live, walk_url)
    context.set_offline(True)
    page.locator("#item-cl1 .quick-pass").click()
    _until(lambda: _local(page) == 1)
    # signing out wipes the queue first; the sign-out request itself then needs the network
    page.locator("form[data-walk-clear]").evaluate("f => f.requestSubmit()")
    time.sleep(2.5)
    context.set_offline(False)
    page = context.new_page()
    _login(page, live)
    page.goto(live + walk_url)
    page.wait_for_load_state()
    time.sleep(3)
    assert _count(ItemScore) == 0 and _local(page) == 0
    context.close()


@pytest.mark.browser
def test_a_save_that_fails_on_the_network_while_online_is_kept_and_synced(
        live, walk_url, browser):
    context, page = _open(browser, live, walk_url)
    # the page believes it is online, but the item's request never reaches the server
    page.route("**/items/cl1", lambda route: route.abort("internetdisconnected"))
    page.locator("#item-cl1 .quick-pass").click()
    _until(lambda: _count(ItemScore) == 1)
    _until(lambda: page.locator("#item-cl1.is-synced").count() == 1)
    assert _count(OfflineSave) == 1
    context.close()


#: a slow phone: the walk-round's IndexedDB answers 2 s after the page asked
SLOW_STORAGE = """
const realOpen = IDBFactory.prototype.open;
IDBFactory.prototype.open = function (name, version) {
  const request = realOpen.call(this, name, version);
  if (name !== "walk-offline") { return request; }
  Object.defineProperty(request, "onsuccess", { get() { return null; }, set(handler) {
    request.addEventListener("success", (e) => setTimeout(() => handler.call(request, e), 2000));
  } });
  return request;
};
"""


@pytest.mark.browser
def test_a_save_tapped_while_the_queue_is_still_opening_waits_for_it(live, walk_url, browser):
    """A tap right after the page appears, before the phone's storage is open, is kept and
    synced (it used to fail with "storage full" and was lost)."""
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  service_workers="block")
    context.add_init_script(SLOW_STORAGE)
    page = context.new_page()
    _login(page, live)
    page.goto(live + walk_url)
    page.route("**/items/cl1", lambda route: route.abort("internetdisconnected"))
    page.locator("#item-cl1 .quick-pass").click()
    _until(lambda: _count(ItemScore) == 1)
    _until(lambda: page.locator("#item-cl1.is-synced").count() == 1)
    assert _count(OfflineSave) == 1
    context.close()


@pytest.mark.browser
def test_a_sync_interrupted_half_way_resumes_without_loss_or_duplicates(
        live, walk_url, browser):
    context, page = _open(browser, live, walk_url)
    items = _items(page)[:3]
    context.set_offline(True)
    for item in items:
        page.locator(f"#item-{item} .quick-pass").click()
    _until(lambda: _local(page) == 3)
    lost = []

    def answer_lost(route):
        # the server applies the second save, but its answer never reaches the phone
        if not lost:
            lost.append(route.fetch().status)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(f"**/items/{items[1]}/offline", answer_lost)
    context.set_offline(False)
    _until(lambda: page.locator("article.walk-item.is-synced").count() == 3, seconds=30)
    assert lost == [200]
    assert _count(ItemScore) == 3 and _count(OfflineSave) == 3
    context.close()
