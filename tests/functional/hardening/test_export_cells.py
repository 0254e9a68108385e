"""Classes 3 and 7: exports with control characters, and formula (CSV) injection.

An owner comment with ``\\x07`` made the survey export a 500 for good (openpyxl refuses the
character, and staff cannot delete an anonymous answer); a NUL in an inspection note did
the same to record.xlsx; a comment ``=1+1+cmd|' /C calc'!A0`` became a live formula.
Every export writes its cells through survey_app/tabular.py, which cleans and defuses them
(survey_app/guards/cells.py); the request cleans the text on the way in as well.
"""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select, update

from survey_app.extensions import db
from survey_app.guards.cells import safe_cell
from survey_app.inspections.models import ItemScore
from survey_app.surveys import services
from survey_app.surveys.models import Answer
from survey_app.tabular import csv_bytes, xlsx_bytes
from tests.fixtures.jobs import download
from tests.fixtures.surveys import all_answers, codes_of

FORMULA = "=1+1+cmd|' /C calc'!A0"


def _export(client, period, kind):
    # made by the worker (the test app's immediate queue): 303 to the job, then the file
    response = download(client, f"/surveys/{period.community_id}/{period.id}/export.{kind}")
    assert response.status_code == 200, response.status_code
    return response.data


def _comments_xlsx(data: bytes) -> list:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows())
    column = next(i for i, c in enumerate(rows[0]) if str(c.value).startswith("comment"))
    return [row[column] for row in rows[1:]]


def _comments_csv(data: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    column = next(i for i, h in enumerate(rows[0]) if h.startswith("comment"))
    return [row[column] for row in rows[1:]]


def _answer(client, survey, index, comment):
    definition = services.definition_of(survey)
    code = codes_of(survey)[index]
    assert client.post(f"/c/{code}/all",
                       data=all_answers(definition, comment=comment)).status_code == 302


def test_a_bell_character_in_an_owner_comment(as_role, client, survey, period):
    _answer(client, survey, 0, "电梯\x07很脏")
    # an answer stored before the request was cleaned (or by an import): the export copes
    _answer(client, survey, 1, "placeholder")
    db.session.execute(update(Answer).where(Answer.text == "placeholder")
                       .values(text="楼道\x07\x1b灯坏了"))
    db.session.commit()
    staff = as_role("staff")
    cells = sorted(c.value for c in _comments_xlsx(_export(staff, period, "xlsx")))
    assert cells == ["楼道灯坏了", "电梯很脏"]
    assert sorted(_comments_csv(_export(staff, period, "csv"))) == ["楼道灯坏了", "电梯很脏"]


def test_a_control_character_in_an_inspection_note(as_role, inspection, is_postgres):
    client = as_role("committee")
    url = f"/inspections/c/{inspection.community_id}/{inspection.id}"
    assert client.post(f"{url}/items/cl1", data={"cl1-mode": "points", "cl1-points": "3",
                                                 "cl1-note": "墙皮\x00脱落\x07"},
                       content_type="multipart/form-data").status_code == 302
    assert db.session.scalar(select(ItemScore.note)) == "墙皮脱落"
    stored = "旧\x07记录" if is_postgres else "旧\x00记录\x07"  # PostgreSQL cannot hold a NUL
    db.session.execute(update(ItemScore).values(note=stored))
    db.session.commit()
    response = client.get(f"{url}/record.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    values = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
              for c in row]
    assert "旧记录" in values


def test_formula_injection_is_defused_in_xlsx_and_csv(as_role, client, survey, period):
    _answer(client, survey, 0, FORMULA)
    _answer(client, survey, 1, "@SUM(1+1)*cmd|' /C calc'!A0")
    staff = as_role("staff")
    cells = _comments_xlsx(_export(staff, period, "xlsx"))
    assert all(c.data_type == "s" and c.value.startswith("'") for c in cells)
    assert sorted(c.value for c in cells) == sorted(["'" + FORMULA,
                                                     "'@SUM(1+1)*cmd|' /C calc'!A0"])
    raw = _export(staff, period, "csv").decode("utf-8-sig")
    assert f'"\'{FORMULA}"' in raw       # quoted, and the quote prefix defuses it
    assert "\n=" not in raw and ",=" not in raw


def test_safe_cell_follows_owasp():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(start + "1+2|x") == "'" + start + "1+2|x"
    assert safe_cell("-3") == "-3" and safe_cell("+1.5") == "+1.5" and safe_cell("1e5") == "1e5"
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell(None) is None
    assert safe_cell("普通文字") == "普通文字" and safe_cell("a=b") == "a=b"
    assert safe_cell("\x00=cmd") == "'=cmd"  # cleaned first, then defused


def test_tabular_writers_apply_it_to_headers_and_rows():
    book = load_workbook(io.BytesIO(xlsx_bytes([("t", ["=h\x07"], [["=x", 1, "\x00"]])])))
    assert [[c for c in row] for row in book.worksheets[0].iter_rows(values_only=True)] == \
        [["'=h", None, None], ["'=x", 1, None]]
    assert csv_bytes(["=h"], [["+x", 2]]).decode("utf-8-sig") == '"\'=h"\r\n"\'+x","2"\r\n'
