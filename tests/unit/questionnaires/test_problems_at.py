"""The outline shows each schema problem beside the section or item it concerns."""

from types import SimpleNamespace

from survey_app.questionnaires.editing import problems_at


def _p(path):
    return SimpleNamespace(path=path, message=path)


def test_problems_are_placed_by_section_and_item():
    problems = [_p("sections[2].items"), _p("sections[2].items[0].max_points"),
                _p("sections[12].title"), _p("dimensions[0].id"), _p(None)]
    assert [p.path for p in problems_at(problems, 2)] == ["sections[2].items"]
    assert [p.path for p in problems_at(problems, 2, 0)] == ["sections[2].items[0].max_points"]
    assert [p.path for p in problems_at(problems, 12)] == ["sections[12].title"]
    assert problems_at(problems, 1) == [] and problems_at(None, 0) == []
