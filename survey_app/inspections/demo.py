"""Demo data: a quarterly joint inspection per past quarter, with findings in every state."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from ..extensions import db
from ..questionnaires.services import latest
from ..signing.services import store_image
from . import checklist
from .models import (
    Inspection,
    ItemScore,
    Participant,
    Rectification,
    RectificationEvent,
    Revision,
    Signoff,
)

PEOPLE = (("李建国", "committee", "业委会主任"), ("周敏", "committee", "业委会委员"),
          ("王晓红", "community", "社区网格员"), ("赵磊", "company", "项目经理"))
#: checklist item → findings a walk-round writes under it, each with where it is ("{b}" = a
#: building); every finding belongs to its item, because the notice board shows them together
NOTES = {
    "cl1": (("楼道堆放杂物，部分楼层有积尘", "{b}楼道"), ("楼梯扶手有灰尘未擦拭", "{b}楼梯间")),
    "cl2": (("电梯轿厢地面有污渍", "{b}电梯"), ("单元大堂地面有水渍未清理", "{b}大堂")),
    "cl3": (("地下车库地面油渍未清理", "地下车库B区"), ("广场地面有烟头、纸屑", "中心广场")),
    "cl4": (("垃圾桶满溢未及时清运", "{b}垃圾分类点"), ("分类投放点有混投未纠正", "{b}垃圾分类点")),
    "cl5": (("消杀记录缺少一次", "物业服务中心"), ("地下室发现鼠迹，未见灭鼠设施", "{b}地下室")),
    "cl6": (("单元门上小广告未清理", "{b}单元门"), ("电梯内乱张贴未清除", "{b}电梯")),
    "gr1": (("草坪局部枯黄", "中心花园"), ("地被有黄土裸露", "{b}南侧绿地")),
    "gr2": (("绿篱未修剪，枝条伸出路面", "东门主路"), ("枯枝未清理", "{b}北侧")),
    "gr3": (("绿地内有垃圾和烟头", "中心花园"), ("花坛内堆放杂物", "{b}南侧绿地")),
    "gr4": (("补植记录未更新", "物业服务中心"), ("养护记录缺少浇水记录", "物业服务中心")),
    "gr5": (("绿地被踩出小路，未设提示牌", "中心花园"), ("绿地被占用种菜", "{b}北侧绿地")),
    "se1": (("外来人员登记不全", "东门岗亭"), ("访客未核实即放行", "南门岗亭")),
    "se2": (("夜间巡逻签到有遗漏", "巡逻签到点"), ("巡逻记录与监控时间不符", "监控室")),
    "se3": (("车辆停放占用人行道", "{b}前道路"), ("车库出口车辆乱停", "地下车库出口")),
    "se4": (("消防通道停车", "{b}消防通道"), ("楼道堆放纸箱、旧家具", "{b}楼道")),
    "se5": (("电动自行车在楼道充电", "{b}楼道"), ("飞线充电未制止", "{b}前")),
    "se6": (("消防控制室值班记录不全", "消防控制室"), ("监控室值班人员离岗", "监控室")),
    "fa1": (("电梯年检标志过期未更换", "{b}电梯"), ("电梯轿厢按钮失灵", "{b}电梯")),
    "fa2": (("消防栓箱内水带缺失", "{b}楼道"), ("应急照明灯不亮", "地下车库A区")),
    "fa3": (("雨水井盖松动", "{b}前道路"), ("地下室管道渗水", "{b}地下室")),
    "fa4": (("路灯不亮", "东门主路"), ("楼道灯不亮", "{b}楼道")),
    "fa5": (("单元门禁损坏", "{b}单元门"), ("监控摄像头画面模糊", "地下车库入口")),
    "fa6": (("健身器材螺丝松动", "健身广场"), ("信报箱门损坏", "{b}大堂")),
    "cs1": (("服务中心值班人员未佩戴工牌", "物业服务中心"), ("接待登记不完整", "物业服务中心")),
    "cs2": (("报修回访记录缺失", "物业服务中心"), ("报修超时未说明原因", "物业服务中心")),
    "cs3": (("投诉回复未在时限内完成", "物业服务中心"), ("投诉回访记录不全", "物业服务中心")),
    "cs4": (("公示栏信息过期", "{b}公示栏"), ("收费标准未公示", "物业服务中心")),
    "cs5": (("档案未按月归档", "物业服务中心"), ("设备维保档案缺页", "物业服务中心")),
    "cs6": (("上期整改项未复查销项", "物业服务中心"), ("上期问题重复出现", "{b}楼道")),
}
DEPARTMENTS = {"cleaning": "环境部", "greening": "绿化部", "security": "秩序维护部",
               "facilities": "工程部", "service": "客服部"}
#: how the rectifications of each past inspection end up, oldest first
FATES = (("verified", "verified", "verified"), ("verified", "reopened_verified", "verified"),
         ("verified", "submitted", "reopened"), ("in_progress", "open", "submitted"))


def _score(context, inspection, items, rng) -> list[ItemScore]:
    rows = []
    for ci in items:
        if ci.item.allow_na and rng.random() < 0.04:
            mode, awarded, count = "na", None, None
        elif ci.deduction_per:
            count = rng.choices((0, 0, 0, 1, 2, 3), k=1)[0]
            mode, awarded = "deductions", max(0.0, ci.max_points - count * ci.deduction_per)
        else:
            mode, count = "points", None
            awarded = rng.choice((ci.max_points, ci.max_points, ci.max_points - 1))
        note, place = _finding(ci.id, rng) if awarded is not None \
            and awarded < ci.max_points else ("", "")
        row = ItemScore(inspection_id=inspection.id, revision=1, item_id=ci.id,
                        dimension=ci.dimension, max_points=ci.max_points,
                        pass_line=ci.pass_line, mode=mode, awarded=awarded,
                        deduction_count=count, deduction_per=ci.deduction_per if count is not None
                        else None, note=note,
                        location=place,
                        scored_by_id=context.users["committee"].id)
        db.session.add(row)
        rows.append(row)
    return rows


def _finding(item_id: str, rng) -> tuple[str, str]:
    """(finding, where) written under this checklist item."""
    note, place = rng.choice(NOTES.get(item_id, (("未达到检查标准", "{b}"),)))
    return note, place.format(b=f"{rng.choice((1, 2, 3, 5, 6, 7, 8, 9))}号楼")


def _event(rect, old, new, at, actor, note=""):
    db.session.add(RectificationEvent(rectification_id=rect.id, from_status=old, to_status=new,
                                      at=at, user_id=actor.id, note=note,
                                      actor=actor.display_name or actor.username))


def _rectify(context, inspection, row, fate, day: date) -> None:
    staff, committee = context.users["staff"], context.users["committee"]
    due = day + timedelta(days=7)
    rect = Rectification(community_id=inspection.community_id, inspection_id=inspection.id,
                         item_id=row.item_id, dimension=row.dimension,
                         department=DEPARTMENTS.get(row.dimension, "综合管理部"),
                         description=f"{row.note}，请限期整改", location=row.location,
                         severity="major", due_date=due, status="open",
                         created_by_id=committee.id)
    db.session.add(rect)
    db.session.flush()
    at = datetime.combine(day, time(2, 30))  # 10:30 in Shanghai
    _event(rect, None, "open", at, committee, rect.description)
    steps = {"open": [], "in_progress": [("open", "in_progress", staff, "已安排人员")],
             "submitted": [("open", "submitted", staff, "已整改完毕，附照片")],
             "reopened": [("open", "submitted", staff, "已整改"),
                          ("submitted", "reopened", committee, "复查仍不合格，重新整改")],
             "verified": [("open", "submitted", staff, "已整改完毕"),
                          ("submitted", "verified", committee, "复查合格")],
             "reopened_verified": [("open", "submitted", staff, "已整改"),
                                   ("submitted", "reopened", committee, "复查不合格"),
                                   ("reopened", "submitted", staff, "二次整改完成"),
                                   ("submitted", "verified", committee, "复查合格")]}[fate]
    for index, (old, new, who, note) in enumerate(steps, start=1):
        _event(rect, old, new, at + timedelta(days=2 * index), who, note)
        rect.status = new
        if new == "verified":
            rect.verified_at = at + timedelta(days=2 * index)


def _account(context, name: str) -> int | None:
    """The demo's committee director and project manager sign from the demo accounts."""
    username = {"李建国": "committee", "赵磊": "staff"}.get(name)
    return context.users[username].id if username else None


def _squiggle(rng) -> bytes:
    """A drawn-looking signature for the demo's link signatures."""
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    points = [(20 + 22 * i, 60 + rng.randrange(-35, 35)) for i in range(15)]
    pen.line(points, fill=(17, 17, 17, 255), width=4, joint="curve")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _sign(context, inspection, participant, signed_at, rng) -> None:
    """Each demo participant signs for themselves: account, or link with a drawing."""
    common = {"inspection_id": inspection.id, "participant_id": participant.id, "revision": 1,
              "typed_name": participant.name, "signed_at": signed_at}
    if participant.user_id:
        db.session.add(Signoff(**common, method="account", signer_id=participant.user_id,
                               recorded_by_id=participant.user_id))
        return
    image = store_image(_squiggle(rng))
    db.session.add(Signoff(**common, method="link", image_id=image.id,
                           recorded_by_id=context.users["committee"].id,
                           device="Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0"))


def seed(context) -> str:
    """One signed quarterly joint inspection per past period, plus today's in progress."""
    version = latest("joint_inspection")
    if version is None:
        return "no joint_inspection checklist published; skipped"
    items = [ci for g in checklist.groups(version.parsed) for ci in g.items]
    periods = [p for p in context.periods if p.status != "draft"]
    rect_count = 0
    for index, period in enumerate(periods):
        rect_count += _inspection(context, version, items, period, index,
                                  current=index == len(periods) - 1)
    db.session.flush()
    open_left = db.session.scalar(select(db.func.count(Rectification.id)).where(
        Rectification.community_id == context.community.id, Rectification.status != "verified"))
    return f"{len(periods)} inspections, {rect_count} rectifications ({open_left} not yet closed)"


def _inspection(context, version, items, period, index: int, current: bool) -> int:
    """A period's inspection, signed unless it is today's, with its findings' rectifications;
    returns how many rectifications it opened."""
    rng = context.rng
    day = period.start_date + timedelta(days=40 + rng.randrange(20))
    committee = context.users["committee"].id
    inspection = Inspection(
        community_id=context.community.id, period_id=period.id,
        questionnaire_version_id=version.id, kind="quarterly",
        title=f"{period.label} 季度联合检查", inspection_date=day,
        area="1号楼、3号楼、7号楼、主干道、地下车库", revision=1,
        status="in_progress" if current else "signed",
        signed_revision=None if current else 1, created_by_id=committee)
    db.session.add(inspection)
    db.session.flush()
    for name, org, role in PEOPLE:
        db.session.add(Participant(inspection_id=inspection.id, name=name,
                                   organisation=org, role=role,
                                   user_id=_account(context, name)))
    rows = _score(context, inspection, items, rng)
    db.session.flush()
    signed_at = datetime.combine(day, time(3, 45))  # 11:45 in Shanghai, stored as UTC
    db.session.add(Revision(inspection_id=inspection.id, number=1, created_by_id=committee,
                            signed_at=None if current else signed_at,
                            totals={} if current else checklist.scores_of(rows)))
    if not current:
        for participant in inspection.participants:
            _sign(context, inspection, participant, signed_at, rng)
    findings = [r for r in rows if r.is_finding][:3]
    fates = FATES[min(index, len(FATES) - 1)] if not current else ("open", "in_progress")
    pairs = list(zip(findings, fates, strict=False))
    for row, fate in pairs:
        _rectify(context, inspection, row, fate, day)
    return len(pairs)
