"""The results page warns when the questionnaires changed between periods of the trend, names
what changed, and its trend chart marks the break with a labelled dashed line."""

from __future__ import annotations

import copy
from datetime import date

from survey_app.extensions import db
from survey_app.questionnaires.schema import Definition
from survey_app.questionnaires.services import publish
from survey_app.surveys.models import Survey
from tests.fixtures.factories import make_period
from tests.fixtures.owners import owner_version


def _older_version():
    """The owner questionnaire as it was before: without 灭鼠 (cl5), with a 旧题 since dropped."""
    definition = copy.deepcopy(owner_version().definition)
    definition["version"] = "2025.4"
    items = definition["sections"][0]["items"]
    removed = items.pop()
    assert removed["id"] == "cl5"
    items.append({"id": "cl_old", "type": "likert", "required": True,
                  "text": {"zh_CN": "垃圾房定期冲洗除臭", "en": "Bin rooms washed"}})
    return publish(Definition.model_validate(definition))[0], removed


def _earlier_period(community, owners, version=None):
    earlier = make_period(community, label="2026-Q3", start=date(2026, 7, 1),
                          end=date(2026, 9, 30))
    if version is not None:
        db.session.add(Survey(community_id=community.id, period_id=earlier.id,
                              questionnaire_version_id=version.id, token="older-survey",
                              access_mode="open", status="closed"))
        db.session.flush()
    owners.add(earlier, [owners.uniform(4, "1号楼", 4), owners.uniform(3, "2号楼", 3)])
    db.session.commit()
    return earlier


def _trend_svg(page: str) -> str:
    chart = page[page.index("chart-box latest-first"):]
    return chart[:chart.index("</svg>")]


def _dashboard(client, period) -> str:
    response = client.get(f"/results/{period.community_id}/{period.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_changed_items_are_named_and_the_chart_marks_the_break(as_role, community,
                                                                scored_period, owners):
    older, added = _older_version()
    _earlier_period(community, owners, older)
    page = _dashboard(as_role("committee"), scored_period)
    warning = page[page.index('class="warn trend-break"'):]
    warning = warning[:warning.index("</div>")]
    assert "2026-Q3" in warning and "2026-Q4" in warning and "不完全可比" in warning
    assert "新增题目" in warning and added["text"]["zh_CN"][:10] in warning
    assert "删除题目" in warning and "垃圾房定期冲洗除臭" in warning
    assert "业主" in warning  # the source whose questionnaire changed
    chart = _trend_svg(page)
    assert "问卷变更" in chart
    assert "stroke-dasharray" in chart  # the dashed line at the break


def test_the_same_questionnaire_gives_no_warning(as_role, community, scored_period, owners):
    _earlier_period(community, owners)  # the same owner questionnaire version
    page = _dashboard(as_role("staff"), scored_period)
    assert "trend-break" not in page and "问卷变更" not in page
    assert "stroke-dasharray" not in _trend_svg(page)  # the trend chart, without a break


def test_english_names_the_change_too(as_role, community, scored_period, owners):
    older, _added = _older_version()
    _earlier_period(community, owners, older)
    client = as_role("staff")
    client.get("/?lang=en")
    page = client.get(f"/results/{community.id}/{scored_period.id}?lang=en").get_data(
        as_text=True)
    assert "not fully comparable" in page and "items added" in page
    assert "Questionnaire changed" in page
