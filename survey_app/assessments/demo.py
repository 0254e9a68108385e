"""Demo data: a signed-off third-party assessment by three assessors for the last two quarters."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..extensions import db
from . import review, scoring, services

ORGANISATION = "某某第三方评估有限公司"
#: dimension → share of the maximum a careful assessor would award, per quarter (older first)
QUALITY = (
    {"cleaning": 0.84, "greening": 0.78, "security": 0.86, "facilities": 0.74, "service": 0.80},
    {"cleaning": 0.88, "greening": 0.80, "security": 0.87, "facilities": 0.79, "service": 0.84},
)
#: each assessor's habit: a little stricter or milder than the others
BIAS = {"assessor": 0.0, "assessor2": -0.04, "assessor3": 0.03}
#: sheet item → what an assessor notes when it falls short (the note belongs to its item)
NOTES = {
    "cl1": "保洁作业记录有漏记，个别楼栋未按频次清洁",
    "cl2": "抽查3号楼、6号楼楼道，个别楼层有积尘和堆放杂物",
    "cl3": "地下车库地面油渍未清理，广场有烟头",
    "cl4": "分类投放点有混投，清运不及时",
    "cl5": "消杀记录不全，地下室发现鼠迹",
    "gr1": "养护计划未按季度更新，浇水记录缺失",
    "gr2": "中心花园草坪局部枯黄、黄土裸露",
    "gr3": "绿篱修剪不齐，枯枝未及时清理",
    "gr4": "绿地内有垃圾，局部被踩踏",
    "se1": "2号门岗外来人员登记不完整",
    "se2": "夜间巡逻记录有漏签",
    "se3": "车库出口车辆乱停，占用人行道",
    "se4": "消防通道有车辆停放，楼道有堆物",
    "se5": "应急预案未组织年度演练",
    "fa1": "设施设备台账未及时更新，维保计划执行不连续",
    "fa2": "电梯轿厢按钮1处失灵，维保记录缺签字",
    "fa3": "消防通道指示灯1处不亮，消防栓箱水带缺失",
    "fa4": "地库照明部分损坏未及时修复",
    "fa5": "单元门禁1处损坏，健身器材螺丝松动",
    "cs1": "服务中心人员未统一佩戴工牌",
    "cs2": "报修回访记录不全",
    "cs3": "投诉回复超出承诺时限",
    "cs4": "公示栏信息未及时更新，收费标准未公示",
    "cs5": "档案未按月归档",
}
CONCLUSIONS = (
    {"strengths": "保洁作业较规范，楼内公共部位总体整洁。\n"
                  "门岗值守到位，外来人员登记基本完整。\n"
                  "客服中心接待热情，投诉有记录、有回复。",
     "problems": "设施设备维护记录不连续，地库照明和消防指示灯存在故障未及时处理。\n"
                 "绿化养护不够精细，中心花园局部黄土裸露。\n"
                 "报修回访率偏低，部分回访记录缺失。",
     "recommendations": "建立设施设备周巡检制度，并在公示栏公布维修时限。\n"
                        "补植裸露区域，制定季度绿化养护计划。\n"
                        "报修完成后48小时内回访并记录，每月向业委会通报。"},
    {"strengths": "较上季度整改明显：地库照明已修复，设施巡检记录连续。\n"
                  "保洁质量稳定，垃圾分类投放点管理规范。\n"
                  "报修回访率提高，业主评价较好。",
     "problems": "绿化补植效果仍待观察。\n"
                 "个别楼栋楼道仍有堆放杂物。\n"
                 "夜间巡逻签到偶有遗漏。",
     "recommendations": "对楼道堆物开展专项清理并张贴告知。\n"
                        "夜间巡逻改用电子签到。\n"
                        "下季度重点复查绿化补植成活情况。"},
)


def _points(rng, item, level: float, username: str) -> float:
    """A plausible score: the item's true level, the assessor's habit and some noise."""
    share = level + BIAS[username] + rng.gauss(0, 0.05)
    value = round(2 * max(0.0, min(1.0, share)) * item.max_points) / 2
    return min(float(item.max_points), value)


def _levels(context, project, quality) -> dict[str, float]:
    """The true level of each item: its dimension's level, some items better, some worse."""
    dimension_of = services.item_dimensions(project.questionnaire_version)
    return {item.id: quality[dimension_of[item.id]] + context.rng.gauss(0, 0.10)
            for item in services.scored_items(project.questionnaire_version)}


def _score_sheet(context, project, sheet, levels) -> None:
    entries = {}
    for item in services.scored_items(project.questionnaire_version):
        points = _points(context.rng, item, levels[item.id], sheet.assessor.username)
        note = NOTES.get(item.id, "") if points < 0.75 * item.max_points else ""
        entries[item.id] = scoring.Entry(points=f"{points:g}", note=note)
    scoring.save_sheet(sheet, entries, submit=True)


def _rescore_widest(project) -> None:
    """The lead sends the item with the widest spread back to the most distant assessor."""
    analysis = review.analyse(project, *review.live_scores(project))
    row = max(analysis.rows, key=lambda r: (r.high or 0) - (r.low or 0))
    column = max(range(len(row.scores)), key=lambda j: abs((row.scores[j] or 0) - row.mean))
    sheet = project.sheets[column]
    review.request_rescore(project, item_ids=[row.item.id], assessor_ids=[sheet.assessor_id],
                           note="请对照评分标准复核该项并补充扣分位置")
    rescored = round(row.mean * 2) / 2
    entries = {row.item.id: scoring.Entry(points=f"{rescored:g}", note="复核后按标准调整")}
    scoring.save_sheet(sheet, entries, submit=True)


def _assess(context, organisation, version, period, quality, conclusions) -> None:
    users = context.users
    project = services.create_project(
        period, organisation_id=organisation.id, version_id=version.id,
        assessor_ids=[users[u].id for u in BIAS], lead_id=users["assessor"].id)
    levels = _levels(context, project, quality)
    for sheet in project.sheets:
        _score_sheet(context, project, sheet, levels)
    _rescore_widest(project)
    signed = datetime.combine(period.end_date, datetime.min.time()) + timedelta(days=12)
    review.sign_off(project, user=project.lead, signed_at=signed, **conclusions)
    for sheet in project.sheets:
        sheet.submitted_at = sheet.first_submitted_at = signed - timedelta(days=3)
    db.session.flush()


def seed(context) -> str:
    """Add the organisation and a signed-off assessment for the last two closed quarters."""
    versions = services.third_party_versions()
    if not versions or any(u not in context.users for u in BIAS):
        return "no third-party sheet or assessor accounts; skipped"
    organisation = next((o for o in services.organisations() if o.name == ORGANISATION), None) \
        or services.create_organisation(name=ORGANISATION, contact="周工", phone="0571-8888 6666",
                                        qualification="物业服务评价机构备案 ZJ-2025-031")
    for username in BIAS:  # the demo assessors work for this organisation
        context.users[username].organisation = ORGANISATION
        # its lead (the demo's "assessor") edits the organisation's score sheets
        services.set_member(organisation.id, context.users[username],
                            is_lead=username == "assessor")
    periods = [p for p in context.periods if p.status in ("published", "closed")][-2:]
    for period, quality, conclusions in zip(periods, QUALITY, CONCLUSIONS, strict=False):
        _assess(context, organisation, versions[0], period, quality, conclusions)
    return (f"{ORGANISATION}: signed-off assessments by 3 assessors for "
            f"{', '.join(p.label for p in periods)}")
