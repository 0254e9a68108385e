"""Demo data: what the demo company discloses, as a real 物业 would in its community."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..extensions import db
from .content import check_content, content_hash
from .models import Disclosure

FEES = {
    "income": [{"category": "物业服务费（住宅）", "amount": "412,560.00"},
               {"category": "物业服务费（底商）", "amount": "38,400.00"},
               {"category": "停车服务费", "amount": "96,300.00"}],
    "income_total": "547,260.00",
    "expenditure": [{"category": "人员工资及社保", "amount": "298,750.00"},
                    {"category": "公共区域水电费", "amount": "61,420.35"},
                    {"category": "清洁及垃圾清运", "amount": "48,600.00"},
                    {"category": "绿化养护", "amount": "22,800.00"},
                    {"category": "电梯维保及年检", "amount": "36,000.00"},
                    {"category": "消防设施维保", "amount": "12,500.00"},
                    {"category": "办公及其他", "amount": "9,863.20"}],
    "expenditure_total": "489,933.55",
}
SHARED = {
    "income": [{"category": "电梯轿厢广告", "amount": "18,000.00"},
               {"category": "临时停车收入", "amount": "7,640.00"}],
    "income_total": "25,640.00",
    "expenditure": [{"category": "补充维修资金（经业主大会决定）", "amount": "15,000.00"}],
    "expenditure_total": "15,000.00",
}
REPORT = {
    "overview": "完成2号楼、5号楼外墙清洗；地下车库照明更换为LED灯具 86 套；秋季绿化修剪及补种。",
    "quality": "本季度联合检查 1 次，发现问题 6 项，已整改完成 4 项，其余 2 项正在整改。",
    "tickets": "受理报修 132 件、投诉 9 件，按时处理率 94%，回访满意率 91%。",
    "plan": "冬季消防设施专项检查；3号楼电梯钢丝绳更换（维修资金申请中）；春节前公共区域保洁。",
}


def _published(context, kind, title, covering, raw, at) -> Disclosure:
    community = context.periods[0].community_id
    content = check_content(kind, raw)
    d = Disclosure(community_id=community, kind=kind, title=title, covering=covering,
                   content=content, status="published",
                   content_sha256=content_hash(title, covering, content),
                   prepared_by_id=context.users["staff"].id, prepared_at=at,
                   submitted_by_id=context.users["staff"].id, submitted_at=at,
                   confirmed_by_id=context.users["committee"].id,
                   confirmed_at=at + timedelta(days=2))
    db.session.add(d)
    db.session.flush()
    d.series_id = d.id
    return d


def seed(context) -> str:
    """The third quarter's fee accounts, shared income and work report, confirmed."""
    at = datetime(2026, 10, 12, 2, 0)
    _published(context, "fees", "2026年第三季度物业费收支情况", "2026-Q3", FEES, at)
    _published(context, "shared_income", "2026年第三季度公共收益收支情况", "2026-Q3", SHARED, at)
    _published(context, "work_report", "2026年第三季度物业服务工作报告", "2026-Q3", REPORT, at)
    db.session.flush()
    return "3 disclosures of 2026-Q3 on the notice board (fees, shared income, work report)"
