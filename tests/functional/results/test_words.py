"""Issue 16 items 15 and 16: plain words with the abbreviation beside them, no English keys
on the scheme page, framework errors naming the field, the AHP page outlining the pair the
server names."""

from __future__ import annotations

import re

from survey_app.extensions import db
from survey_app.results import schemes


def test_scheme_page_shows_no_english_keys(as_role, scored_period):
    html = as_role("staff").get(f"/results/{scored_period.community_id}/scheme") \
        .get_data(as_text=True)
    cells = re.findall(r'<td class="level-\d">(.*?)</td>', html, re.S)
    assert cells and all("cleaning" not in re.sub(r'title="[^"]*"', "", c) for c in cells)
    assert "清洁卫生" in html


def test_framework_error_names_the_field(as_role, scored_period):
    data = {"w_cleaning": "abc", "w_greening": "1", "w_security": "1", "w_facilities": "1",
            "w_service": ""}
    html = as_role("staff").post(f"/results/{scored_period.community_id}/scheme/direct/_root",
                                 data=data).get_data(as_text=True)
    assert "“清洁卫生”须填写数字。" in html
    assert "不是有效" not in html and "必填字段" not in html


def test_ahp_refusal_outlines_the_pair_it_names(as_role, scored_period):
    schemes.ensure_default()
    db.session.commit()
    # a pure cycle: every pair is equally bad, the page and the message agree on one
    data = {f"p_{i}_{j}": "1" for i in range(5) for j in range(i + 1, 5)}
    data.update({"p_0_1": "9", "p_1_2": "9", "p_0_2": "1/9"})
    response = as_role("staff").post(f"/results/{scored_period.community_id}/scheme/ahp/_root",
                                     data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    outlined = re.findall(r'class="pair field bad-pair" data-i="(\d)" data-j="(\d)"', html)
    assert len(outlined) == 1
    labels = ["清洁卫生", "绿化养护", "秩序维护", "设施设备", "客户服务"]
    i, j = map(int, outlined[0])
    error = re.search(r'id="ahp-error">(.*?)</div>', html, re.S).group(1)
    assert labels[i] in error and labels[j] in error
    assert f'data-bad-i="{i}" data-bad-j="{j}"' in html
