"""Issue 16 on the owner pages: the poster link typed by hand (item 13), numbering across
pages and the closed survey's link to its result (item 19), and questions that assistive
technology can read: names, the required marker, refused answers linked from the summary."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.publishing.models import Publication
from survey_app.surveys import questions, services
from survey_app.surveys.models import Survey
from tests.fixtures.factories import make_period
from tests.fixtures.jobs import download
from tests.fixtures.surveys import all_answers, codes_of, make_survey, section_answers

TOKEN = re.compile(f"[{services.CODE_ALPHABET}]{{{services.TOKEN_LENGTH}}}")


# --- item 13: the poster link ----------------------------------------------------------

@pytest.fixture
def second_survey(community, owner_version):
    """An open-link survey of another period of the same community."""
    return make_survey(make_period(community, label="2027-Q1"), owner_version, "open")


def test_new_tokens_use_the_code_alphabet(survey, second_survey):
    for token in (survey.token, second_survey.token):
        assert TOKEN.fullmatch(token) and not set(token) & set("01OIL")


def test_a_token_typed_in_small_letters_opens_the_printed_link(client, survey):
    # a fixed token with letters early on: a random one may start with digits only, and
    # then its "mixed case" spelling below would be the printed one
    survey.token = "K7MWXA3PQ9"
    db.session.commit()
    response = client.get(f"/s/{survey.token.lower()}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{survey.token}")
    assert client.get(response.headers["Location"]).status_code == 200
    # mixed case and surrounding spaces (copied from a chat) too
    mixed = survey.token[:4].lower() + survey.token[4:]
    assert client.get(f"/s/{mixed}").status_code == 302


def test_a_code_typed_in_small_letters_is_accepted_on_the_poster_page(client, survey):
    code = codes_of(survey)[0]
    response = client.post(f"/s/{survey.token.lower()}", data={"code": code.lower()})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/c/{code}")


def test_existing_mixed_case_tokens_keep_working_in_any_case(client, survey):
    survey.token = "aB0O-x_Yz12"  # made by secrets.token_urlsafe before this change
    db.session.commit()
    assert client.get("/s/aB0O-x_Yz12").status_code == 200
    for typed in ("ab0o-x_yz12", "AB0O-X_YZ12"):
        response = client.get(f"/s/{typed}")
        assert response.status_code == 302 and response.headers["Location"].endswith(
            "/s/aB0O-x_Yz12")


def test_a_case_folded_token_shared_by_two_old_surveys_opens_neither(client, survey,
                                                                      second_survey):
    survey.token, second_survey.token = "abcDEF_gh-12", "ABCdef_gh-12"
    db.session.commit()
    assert client.get("/s/abcDEF_gh-12").status_code == 200
    assert client.get("/s/ABCDEF_GH-12").status_code == 404


def test_an_unknown_poster_link_is_an_owner_page_without_the_staff_login(client, survey):
    response = client.get("/s/NOSUCHLINK")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "/login" not in page and "/notice/" in page
    assert "调查链接无效" in page or "Survey link not found" in page
    for path in ("/s/NOSUCHLINK/start", "/s/NOSUCHLINK/1", "/s/NOSUCHLINK/all",
                 "/s/NOSUCHLINK/done"):
        response = client.get(path)
        assert response.status_code == 404 and "/login" not in response.get_data(as_text=True)


def test_a_mistyped_owner_path_does_not_send_owners_to_the_staff_login(client, survey):
    for path in (f"/s/{survey.token}/nothing/here", "/c/", "/notice/x"):
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 404, path
        assert "/login" not in page and "/notice/" in page, path
    # a staff page still leads to the sign-in
    assert "/login" in client.get("/results/no/such/page").get_data(as_text=True)


def _font_sizes(pdf: bytes) -> list[float]:
    """Every text size (Tf operator) in the PDF's content streams."""
    sizes = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            text = zlib.decompress(stream)
        except zlib.error:
            continue
        sizes += [float(m) for m in re.findall(rb"/\S+\s+([\d.]+)\s+Tf", text)]
    return sizes


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_slip_instructions_are_at_least_10_pt_and_whole(as_role, survey, period, community):
    client = as_role("committee")
    pdf = download(client, f"/surveys/{period.community_id}/{period.id}/slips.pdf").data
    sizes = _font_sizes(pdf)
    assert sizes and min(sizes) >= 10, sorted(set(sizes))
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    flat = re.sub(r"\s+", "", text)
    assert "输入访问码（不分大小写）" in flat
    assert flat.count("问卷匿名。") == len(codes_of(survey)) == 12
    assert f"/s/{survey.token}" in flat


# --- item 19: numbering, the closed survey ---------------------------------------------

def _numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<span class="qn">(\d+)\. </span>', page)]


def test_question_numbers_run_on_across_pages(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    first = _numbers(client.get(f"/c/{code}/1").get_data(as_text=True))
    assert first == list(range(1, len(first) + 1))
    client.post(f"/c/{code}/1", data=section_answers(definition, 0))
    second = _numbers(client.get(f"/c/{code}/2").get_data(as_text=True))
    assert second[0] == len(first) + 1 and second == list(range(second[0],
                                                                 second[0] + len(second)))
    whole = _numbers(client.get(f"/c/{code}/all").get_data(as_text=True))
    assert whole[:len(first) + len(second)] == first + second
    assert questions.numbered_before(definition, 1, {}) == len(first)


def test_the_closed_survey_links_to_the_notice_board_and_then_to_its_result(client, survey,
                                                                           period):
    code = codes_of(survey)[0]
    survey.status = "closed"
    db.session.commit()
    page = client.get(f"/c/{code}").get_data(as_text=True)
    assert f'href="/notice/{period.community_id}"' in page
    db.session.add(Publication(period_id=period.id, community_id=period.community_id,
                               summary={}))
    db.session.commit()
    page = client.get(f"/c/{code}").get_data(as_text=True)
    assert f'href="/notice/{period.community_id}#period-{period.id}"' in page
    page = client.get(f"/s/{survey.token}").get_data(as_text=True)
    assert f"#period-{period.id}" in page


# --- large text and assistive technology -----------------------------------------------

def test_text_questions_have_an_accessible_name(client, survey):
    page = client.get(f"/c/{codes_of(survey)[0]}/all").get_data(as_text=True)
    textareas = re.findall(r"<textarea[^>]*>", page)
    assert textareas
    for tag in textareas:
        label = re.search(r'aria-labelledby="([^"]+)"', tag).group(1)
        assert f'<legend id="{label}">' in page


def test_the_required_marker_is_hidden_text_not_a_labelled_span(client, survey):
    page = client.get(f"/c/{codes_of(survey)[0]}/1").get_data(as_text=True)
    assert "aria-label=" not in page
    assert '<span class="req" aria-hidden="true">*</span><span class="vh">（必答）</span>' in page


def test_a_refused_all_page_links_each_missing_question(client, survey):
    definition = services.definition_of(survey)
    answers = all_answers(definition)
    missing = [i.id for i in questions.answerable_items(definition) if i.required][-2:]
    for item_id in missing:
        answers.pop("q_" + item_id)
    response = client.post(f"/c/{codes_of(survey)[0]}/all", data=answers)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = page[page.index('id="form-alert"'):page.index("<form")]
    assert re.findall(r'href="#q-([\w-]+)"', summary) == missing
    for item_id in missing:
        fieldset = re.search(rf'<fieldset class="q bad" id="q-{item_id}"[^>]*>', page).group(0)
        assert 'tabindex="-1"' in fieldset
        assert f'aria-describedby="q-{item_id}-error"' in fieldset
        assert f'<p class="err" id="q-{item_id}-error">' in page
        controls = re.findall(rf'<input type="radio" name="q_{item_id}"[^>]*>', page)
        assert controls and all('aria-invalid="true"' in c and
                                f'aria-describedby="q-{item_id}-error"' in c for c in controls)
    # answered questions are not marked
    assert page.count('aria-invalid="true"') == sum(
        len(re.findall(rf'name="q_{i}"', page)) for i in missing)


def test_pages_describe_themselves_and_the_favicon_is_served(client, survey):
    for url in (f"/c/{codes_of(survey)[0]}", f"/s/{survey.token}", "/notice/",
                f"/feedback/{survey.community.code}/new"):
        page = client.get(url).get_data(as_text=True)
        assert re.search(r'<meta name="description" content="[^"]{10,}">', page), url
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"


def test_root_font_sizes_follow_the_browser_setting(client, survey):
    owner = client.get(f"/c/{codes_of(survey)[0]}").get_data(as_text=True)
    assert re.search(r":root\{[^}]*font-size:\d+(\.\d+)?%", owner)
    assert "button,input,select,textarea{font:inherit}" in owner
    with client.get("/static/css/app.css") as response:
        css = response.get_data(as_text=True)
    assert re.search(r":root\{[^}]*font-size:\d+(\.\d+)?%", css) and "px;line-height" not in css


def test_survey_is_found_by_token_without_a_table_scan_for_new_tokens(survey):
    # the printed token and its small letters are both exact index look-ups
    from survey_app.surveys.answering import survey_by_token

    assert survey_by_token(survey.token.lower()).id == survey.id
    assert db.session.scalar(select(Survey.token)) == survey.token
