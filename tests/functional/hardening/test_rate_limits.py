"""Issue 15, items 13-15: the code routes share one limit and /done tells nothing; sign-in
limits per account with a growing wait, shared by every worker, constant timing; the open
link's rules (docs/surveys.md)."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app import create_app
from survey_app.extensions import db, limiter
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.surveys import services as survey_services
from survey_app.throttle import FailedAttempt
from tests.fixtures.factories import PASSWORD, login, make_community
from tests.fixtures.surveys import OWNER_YAML, all_answers, codes_of, make_survey


def _from(app, address: str):
    """A browser at another address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _survey(period, mode="codes"):
    version, _ = publish(load_definition(OWNER_YAML))
    db.session.commit()
    return make_survey(period, version, mode)


# --- /c/<code>/done and the code routes' limit -----------------------------------------

def test_done_page_is_the_same_for_unknown_unused_and_used_codes(client, app, period):
    survey = _survey(period)
    used, unused = codes_of(survey)[:2]
    owner = app.test_client()
    answers = all_answers(survey_services.definition_of(survey))
    assert owner.post(f"/c/{used}/all", data=answers).status_code == 302
    own = owner.get(f"/c/{used}/done").get_data(as_text=True)
    assert "已收到" in own or "received" in own  # the owner who just submitted is thanked
    pages = [client.get(f"/c/{code}/done") for code in (used, unused, "ZZZZZZZZ")]
    assert {p.status_code for p in pages} == {200}
    bodies = {p.get_data(as_text=True).replace(code, "") for p, code in
              zip(pages, (used, unused, "ZZZZZZZZ"), strict=True)}
    assert len(bodies) == 1
    assert ":" not in bodies.pop().split("<main>")[1].split("</main>")[0]  # no time shown


@pytest.fixture
def limited_app(database_url, tmp_path, real_commits):
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": database_url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                      "UPLOAD_DIR": str(tmp_path)})
    limiter.reset()
    yield app
    limiter.reset()
    limiter.enabled = False  # the shared limiter goes back to the suite's setting
    with app.app_context():
        db.engine.dispose()


def test_code_routes_share_one_limit_per_address(limited_app, period):
    survey = _survey(period)
    code = codes_of(survey)[0]
    client = limited_app.test_client()
    paths = [f"/c/{code}", f"/c/{code}/1", f"/c/{code}/all", f"/c/{code}/done",
             "/c/NOSUCHCD/done"]
    codes = [client.get(paths[i % len(paths)]).status_code for i in range(125)]
    assert 429 not in codes[:120] and codes[120:] == [429] * 5
    other = _from(limited_app, "10.1.2.3")
    assert other.get(f"/c/{code}/done").status_code == 200


# --- sign-in ---------------------------------------------------------------------------

def _attempt(client, username, password="wrong-password"):
    return client.post("/login", data={"username": username, "password": password})


def _age_failures(seconds: int) -> None:
    """Move every recorded failure into the past (instead of waiting)."""
    for row in db.session.scalars(select(FailedAttempt)):
        row.at -= timedelta(seconds=seconds)
    db.session.commit()


def test_account_gets_five_tries_then_growing_waits(client, app, users):
    assert [_attempt(client, "staff").status_code for _ in range(5)] == [200] * 5
    refused = _attempt(client, "staff", PASSWORD)
    assert refused.status_code == 429 and "1 分钟" in refused.get_data(as_text=True)
    # from another address too: the limit belongs to the account, not to one address
    elsewhere = _from(app, "10.9.9.9")
    assert _attempt(elsewhere, "staff", PASSWORD).status_code == 429
    _age_failures(31)
    assert _attempt(client, "staff").status_code == 200  # the sixth failure: 1 minute now
    assert _attempt(client, "staff", PASSWORD).status_code == 429
    _age_failures(61)
    assert login(client, "staff").status_code == 302  # the right password, after the wait
    client.post("/logout")
    assert _attempt(client, "staff").status_code == 200  # a success starts afresh


def test_unknown_and_real_usernames_are_throttled_alike(client, users):
    real = [_attempt(client, "staff").status_code for _ in range(6)]
    ghost = [_attempt(client, "nobody-here").status_code for _ in range(6)]
    assert real == ghost == [200] * 5 + [429]


@pytest.mark.usefixtures("real_commits")  # a second app: its own connection must see the rows
def test_counters_are_shared_by_workers(database_url, tmp_path, users):
    """Two app instances (two workers) on one database see the same failures."""
    workers = [create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                           "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
                           "RATELIMIT_ENABLED": False, "UPLOAD_DIR": str(tmp_path)})
               for _ in range(2)]
    try:
        clients = [w.test_client() for w in workers]
        codes = [_attempt(clients[i % 2], "committee").status_code for i in range(6)]
        assert codes == [200] * 5 + [429]
    finally:
        for worker in workers:
            with worker.app_context():
                db.engine.dispose()


def test_one_address_guessing_many_accounts_is_stopped(client, app, users):
    app.config["LOGIN_ADDRESS_FAILURES"] = 8
    try:
        codes = [_attempt(client, f"user{i}").status_code for i in range(9)]
        assert codes == [200] * 8 + [429]
        other = _from(app, "10.7.7.7")
        assert login(other, "staff").status_code == 302  # others are not affected
    finally:
        app.config["LOGIN_ADDRESS_FAILURES"] = 30


def _median_ms(client, username: str) -> float:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        _attempt(client, username)
        times.append((time.perf_counter() - started) * 1000)
    db.session.execute(FailedAttempt.__table__.delete())
    db.session.commit()
    return statistics.median(times)


def test_timing_does_not_reveal_usernames(client, users):
    real, unknown = _median_ms(client, "staff"), _median_ms(client, "no-such-user")
    # before: about 120 ms against 7 ms; the password hash now runs in both cases
    assert unknown > 0.6 * real, (real, unknown)


# --- open link rules (docs/surveys.md) ----------------------------------------------------

def _verify(client, survey, household, tail):
    return client.post(f"/s/{survey.token}", data={
        "building": household.building_id, "unit": household.unit, "room": household.room,
        "phone_tail": tail})


def _message(response) -> str:
    return response.get_data(as_text=True).split('class="err"')[1].split("</p>")[0]


def test_open_link_gives_one_message_and_needs_a_phone(client, period):
    survey = _survey(period, "open")
    households = period.community.buildings[0].households
    no_phone = households[2]
    no_phone.phone_tail = None
    db.session.commit()
    wrong = _verify(client, survey, households[0], "0000")
    phoneless = _verify(client, survey, no_phone, "1234")
    unknown = client.post(f"/s/{survey.token}", data={
        "building": households[0].building_id, "unit": "1", "room": "999",
        "phone_tail": "1234"})
    assert {r.status_code for r in (wrong, phoneless, unknown)} == {400}
    assert _message(wrong) == _message(phoneless) == _message(unknown)
    assert "访问码" in _message(wrong)
    empty = _verify(client, survey, no_phone, "")
    assert empty.status_code == 400 and "/start" not in empty.headers.get("Location", "")


def test_guessing_from_one_network_does_not_lock_out_the_owner(app, period):
    survey = _survey(period, "open")
    household = period.community.buildings[0].households[0]
    guesser = _from(app, "10.6.6.6")
    for _ in range(5):
        assert _verify(guesser, survey, household, "0000").status_code == 400
    blocked = _verify(guesser, survey, household, household.phone_tail)
    assert blocked.status_code == 400 and "15" in _message(blocked)
    owner = _from(app, "10.8.8.8")
    assert _verify(owner, survey, household, household.phone_tail).status_code == 302


def test_many_rooms_from_one_network_are_stopped(app):
    community = make_community(name="大小区", code="big", buildings=2, units=2, floors=4,
                               per_floor=4)
    from tests.fixtures.factories import make_period

    survey = _survey(make_period(community))
    survey.access_mode = "open"
    db.session.commit()
    guesser = _from(app, "10.5.5.5")
    rooms = [h for b in community.buildings for h in b.households][:31]
    codes = [_verify(guesser, survey, h, "0000").status_code for h in rooms[:30]]
    assert codes == [400] * 30
    last = rooms[30]
    assert "15" in _message(_verify(guesser, survey, last, last.phone_tail))
