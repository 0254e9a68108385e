"""Issue 20 in WebKit (Safari, every iOS browser, WeChat on iOS): the offline walk-round at
phone width with the network cut for real (a proxy the test stops; WebKit keeps
navigator.onLine true, as a phone in a basement does), a reload served by the service
worker, and exactly those saves on the server once the network is back; and the same page
in a WebView without service workers (WKWebView inside an app)."""

from __future__ import annotations

import time

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from sqlalchemy import select

from survey_app.assessments.models import SheetOfflineSave, SheetPhoto, SheetScore
from survey_app.extensions import db
from survey_app.inspections.models import ItemScore, OfflineSave
from survey_app.uploads import Photo
from tests.fixtures.offline import count as rows
from tests.fixtures.webkit import count, css, fits, local, open_kept, sign_in, tap, type_into, until

pytestmark = [pytest.mark.browser, pytest.mark.webkit]


def _photo(tmp_path, name: str) -> str:
    path = tmp_path / name
    Image.new("RGB", (2400, 1800), (90, 120, 200)).save(path, "JPEG", quality=95)
    return str(path)


def _value(driver, selector: str) -> str:
    return css(driver, selector).get_property("value")


def test_a_walk_round_with_the_network_cut_survives_a_reload_and_syncs_exactly_once(
        proxy, webkit, joint_walk_url, tmp_path):
    driver = webkit()
    sign_in(driver, proxy.url, "committee")
    open_kept(driver, proxy.url, joint_walk_url)
    assert fits(driver)
    proxy.down()
    tap(driver, "#item-cl1 .quick-pass")
    tap(driver, "#item-cl2 .quick-pass")
    # as a user does, see both kept on the phone before going on: their state lines grow
    until(lambda: local(driver) == 2, what="two saves kept on the phone", driver=driver)
    tap(driver, "#item-cl3 details.item-more summary")
    until(lambda: css(driver, "#item-cl3 details.item-more").get_property("open"),
          what="the detailed form open")
    tap(driver, "#item-cl3 details.item-more input[value=deductions]")
    type_into(driver, "#item-cl3 details.item-more input[name='cl3-count']", "2")
    type_into(driver, "#item-cl3 details.item-more textarea[name='cl3-note']", "垃圾桶满溢")
    # WebDriver's file upload into the detailed form; the photo is compressed on the phone
    css(driver, "#item-cl3 input[type=file]").send_keys(_photo(tmp_path, "cl3.jpg"))
    tap(driver, "#item-cl3 details.item-more button[type=submit]")
    until(lambda: local(driver) == 3, what="three saves kept on the phone",
          driver=driver)
    assert "4" in css(driver, "#walk-offline-banner").text  # three saves and the photo
    assert rows(ItemScore) == 0

    driver.refresh()  # no network: only the service worker's copy can answer
    until(lambda: local(driver) == 3, what="the saves shown again after the reload")
    assert driver.execute_script("return !!navigator.serviceWorker.controller")
    assert _value(driver, "#item-cl3 details.item-more input[name='cl3-count']") == "2"
    assert _value(driver, "#item-cl3 details.item-more textarea[name='cl3-note']") == "垃圾桶满溢"
    assert "离线保存于" in css(driver, "#walk-offline-banner").text
    assert rows(ItemScore) == 0

    proxy.up()  # no "online" event comes: the page's retries find the server again
    until(lambda: count(driver, "[data-item].is-synced") == 3, seconds=40, what="synced")
    until(lambda: not css(driver, "#walk-offline-banner").is_displayed(), what="banner gone")
    db.session.expire_all()
    saved = {r.item_id: r for r in db.session.scalars(select(ItemScore))}
    assert sorted(saved) == ["cl1", "cl2", "cl3"]
    assert saved["cl3"].deduction_count == 2 and saved["cl3"].note == "垃圾桶满溢"
    until(lambda: rows(Photo) == 1, what="the photo on the server")
    assert rows(OfflineSave) == 4  # one idempotency key per save and per photo


def test_without_a_service_worker_the_walk_round_saves_online_and_keeps_saves_while_open(
        proxy, webkit, joint_walk_url):
    """An in-app WKWebView (WeChat on iOS) has no service worker: the page works online and
    its queue still holds saves made while the network is gone, as long as it stays open."""
    driver = webkit(service_workers=False)
    sign_in(driver, proxy.url, "committee")
    driver.get(proxy.url + joint_walk_url)
    assert driver.execute_script("return navigator.serviceWorker === undefined")
    tap(driver, "#item-cl1 .quick-pass")
    until(lambda: css(driver, "#walk-scored").text == "1", what="saved online")
    assert rows(ItemScore) == 1
    proxy.down()
    tap(driver, "#item-cl2 .quick-pass")
    until(lambda: local(driver) == 1, what="the save kept on the phone")
    assert rows(ItemScore) == 1
    proxy.up()
    until(lambda: count(driver, "#item-cl2.is-synced") == 1, seconds=40, what="synced")
    assert rows(ItemScore) == 2 and rows(OfflineSave) == 1


def test_a_sheet_saved_with_the_network_cut_stays_on_the_phone_and_syncs(
        proxy, webkit, sheet_url, tmp_path):
    """保存草稿 posts the whole sheet as a page: with the network gone (and the browser still
    saying it is online) it is kept on the phone instead of ending on an error page."""
    driver = webkit()
    sign_in(driver, proxy.url, "assessor")
    open_kept(driver, proxy.url, sheet_url)
    assert fits(driver)
    proxy.down()
    type_into(driver, "input[name='points-c1']", "8")
    css(driver, "input[name='photo-c1']").send_keys(_photo(tmp_path, "c1.jpg"))
    type_into(driver, "textarea[name='note-c1']", "楼道无积尘")
    type_into(driver, "input[name='points-s1']", "6.5")
    tap(driver, "input[name='na-c3']")
    tap(driver, "button[name=action][value=save]")
    until(lambda: local(driver) == 3, what="three items kept on the phone",
          driver=driver)
    # 提交并锁定 is never kept for later: with no server it says so and locks nothing
    tap(driver, "button[name=action][value=submit]")
    until(lambda: "不会离线保存" in css(driver, "#walk-offline-banner").text,
          what="submitting held while offline")
    assert local(driver) == 3

    driver.refresh()
    until(lambda: local(driver) == 3, what="the sheet shown again after the reload")
    assert _value(driver, "input[name='points-c1']") == "8"
    assert _value(driver, "textarea[name='note-c1']") == "楼道无积尘"
    assert _value(driver, "input[name='points-s1']") == "6.5"
    assert css(driver, "input[name='na-c3']").is_selected()
    assert rows(SheetScore) == 0

    proxy.up()
    until(lambda: count(driver, "[data-item].is-synced") == 3, seconds=40, what="synced")
    db.session.expire_all()
    saved = {r.item_id: (r.points, r.note) for r in db.session.scalars(select(SheetScore))}
    assert saved == {"c1": (8.0, "楼道无积尘"), "s1": (6.5, ""), "c3": (None, "")}
    until(lambda: rows(SheetPhoto) == 1, what="the photo on the server")
    assert rows(SheetOfflineSave) == 4


def test_a_sheet_saved_online_is_posted_as_before(proxy, webkit, sheet_url):
    """With the server reachable, 保存草稿 still posts the page (the check costs one HEAD)."""
    driver = webkit()
    sign_in(driver, proxy.url, "assessor")
    driver.get(proxy.url + sheet_url)
    type_into(driver, "input[name='points-c1']", "7")
    tap(driver, "button[name=action][value=save]")
    until(lambda: rows(SheetScore) == 1, what="saved by the page's own post")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, ".flash-success"), what="flash")
    assert _value(driver, "input[name='points-c1']") == "7"
    assert rows(SheetOfflineSave) == 0  # not through the offline queue


KEPT = """const done = arguments[0];
Promise.all([indexedDB.databases ? indexedDB.databases() : Promise.resolve([]), caches.keys(),
             navigator.serviceWorker.getRegistrations()])
  .then(([dbs, keys, regs]) => done({dbs: dbs.map(d => d.name), caches: keys,
                                     workers: regs.length}), e => done(String(e)));"""


def test_signing_out_with_the_network_cut_wipes_the_queue_the_cache_and_the_worker(
        proxy, webkit, joint_walk_url):
    """Nothing of a walk-round stays on a shared phone after signing out (issue 20), even
    when the sign-out itself cannot reach the server."""
    driver = webkit()
    sign_in(driver, proxy.url, "committee")
    open_kept(driver, proxy.url, joint_walk_url)
    before = driver.execute_async_script(KEPT)
    assert "walk-offline" in before["dbs"] and before["caches"] and before["workers"] == 1
    proxy.down()
    tap(driver, "#item-cl1 .quick-pass")
    until(lambda: local(driver) == 1, what="the save kept on the phone", driver=driver)
    # the wipe runs first (2 s at most); the sign-out request then fails for want of network
    driver.execute_script("document.querySelector('form[data-walk-clear]').requestSubmit()")
    time.sleep(3)
    proxy.up()
    driver.get(proxy.url + "/login")  # still signed in on the server: any page of the origin
    assert driver.execute_async_script(KEPT) == {"dbs": [], "caches": [], "workers": 0}
    driver.get(proxy.url + joint_walk_url)
    time.sleep(3)  # what a leftover queue would need to sync
    assert rows(ItemScore) == 0 and local(driver) == 0
