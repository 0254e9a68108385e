"""Issue 21 item 3: the administrator keeps the organisation on a page, not only with
``flask org``: companies, jurisdictions, which company serves a community from when (history
kept), where a community lies, and what each director or officer oversees."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.oversight import services
from survey_app.oversight.models import Company, Jurisdiction, OversightScope
from survey_app.permissions import can


def _post(client, action, **data):
    return client.post(f"/overview/org/{action}", data=data)


def test_the_page_lists_each_community_with_its_company_and_place(as_role, org, overseers,
                                                                  community):
    page = as_role("admin").get("/overview/org").get_data(as_text=True)
    for text in (community.name, "甲物业", "测试区 / 甲街道", "director_elsewhere", "乙物业"):
        assert text in page, text


def test_a_company_takes_over_and_the_earlier_one_stays_on_record(as_role, org, community):
    client = as_role("admin")
    assert _post(client, "company", name="丙物业").status_code == 302
    new = db.session.scalar(select(Company).filter_by(name="丙物业"))
    response = _post(client, "assign", community=community.id, company=new.id,
                     start_date="2026-10-01")
    assert response.status_code == 302
    history = services.company_history(community.id)
    assert [(h.company.name, h.end_date) for h in history] == [
        ("甲物业", date(2026, 9, 30)), ("丙物业", None)]
    page = client.get("/overview/org").get_data(as_text=True)
    assert "丙物业" in page and "甲物业" in page


def test_jurisdictions_build_the_tree_and_place_a_community(as_role, org, community):
    client = as_role("admin")
    assert _post(client, "jurisdiction", name="丙社区", parent=org.street.id).status_code == 302
    node = db.session.scalar(select(Jurisdiction).filter_by(name="丙社区"))
    assert node.level == "neighbourhood" and node.parent_id == org.street.id
    assert _post(client, "place", community=community.id, jurisdiction=node.id) \
        .status_code == 302
    assert services.street_of(community.id).id == org.street.id


def test_scopes_are_set_for_directors_and_officers(as_role, org, overseers):
    client = as_role("admin")
    director = overseers["director"]
    assert _post(client, "scope", user=director.id, company=org.other_company.id,
                 jurisdiction=0).status_code == 302
    assert db.session.get(OversightScope, director.id).company_id == org.other_company.id


def test_bad_input_names_the_field_and_saves_nothing(as_role, org, overseers, community):
    client = as_role("admin")
    before = db.session.scalar(select(func.count()).select_from(Company))
    cases = [("company", {"name": "甲物业"}, "已被另一家物业服务企业使用"),
             ("company", {"name": ""}, "name"),
             ("jurisdiction", {"name": "x", "parent": 999999}, "parent"),
             ("assign", {"community": community.id, "company": org.company.id,
                         "start_date": "2023-01-01"}, "start_date"),
             ("assign", {"community": community.id, "company": org.company.id,
                         "start_date": "2026-13-45"}, "start_date"),
             ("place", {"community": community.id, "jurisdiction": org.district.id},
              "jurisdiction"),
             ("scope", {"user": overseers["officer"].id, "company": 0, "jurisdiction": 0},
              "scope"),
             ("scope", {"user": overseers["director"].id, "company": org.company.id,
                        "jurisdiction": org.street.id}, "company")]
    for action, data, where in cases:
        response = _post(client, action, **data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, (action, data)
        assert where in page or f'id="{where}"' in page, (action, data)
    assert db.session.scalar(select(func.count()).select_from(Company)) == before
    assert len(services.company_history(community.id)) == 1


def test_only_the_administrator_manages_the_organisation(as_role, org, overseers, client):
    for role in ("staff", "committee"):
        assert as_role(role).get("/overview/org").status_code == 403
    director = overseers["director"]
    assert not can("org.manage", user=director)
    assert as_role("admin").post("/overview/org/unknown").status_code == 404
