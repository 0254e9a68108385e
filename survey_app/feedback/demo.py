"""Demo tickets: about 600 over the demo periods, with realistic channels and timings.

Handling gets faster over the year (the company's improvement plan), summer brings more
water, drainage and greening work; some tickets are late, reopened or still open today.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..communities.models import Building
from ..models_base import utcnow
from . import commitments, services
from .clock import utc_start_of

CHANNEL_WEIGHTS = {"owner_web": 40, "hotline": 30, "front_desk": 15, "wechat_group": 10,
                   "inspection": 5}
TYPE_WEIGHTS = {"repair": 60, "complaint": 25, "suggestion": 8, "praise": 7}
CATEGORY_WEIGHTS = {
    "repair": {"水电": 30, "照明": 15, "电梯": 12, "门禁": 12, "管道疏通": 12, "消防": 4, "其他": 5},
    "complaint": {"噪音": 25, "停车": 22, "保洁": 15, "服务态度": 12, "绿化": 8, "垃圾清运": 10,
                  "收费": 8},
    "suggestion": {"绿化": 30, "停车": 30, "安保巡逻": 20, "其他": 20},
    "praise": {"服务态度": 50, "保洁": 25, "安保巡逻": 25},
}
DEPARTMENTS = {"facilities": "工程部", "cleaning": "保洁部", "greening": "绿化部",
               "security": "秩序维护部", "service": "客服中心"}
WORKERS = {"工程部": ["李师傅", "赵师傅", "孙师傅", "周师傅"], "保洁部": ["王阿姨", "刘阿姨"],
           "绿化部": ["陈师傅"], "秩序维护部": ["吴队长", "郑班长"], "客服中心": ["小林", "小何"]}
PLACES = {
    "水电": ["{u}单元{f}楼管道井", "{u}单元{f}0{r}室卫生间", "地下车库B区水泵房"],
    "照明": ["{u}单元门厅", "{u}单元{f}楼楼道", "地下车库A区"],
    "电梯": ["{u}单元电梯", "{u}单元货梯"],
    "门禁": ["{u}单元门禁", "东门人行闸机", "地下车库入口道闸"],
    "管道疏通": ["{u}单元{f}0{r}室厨房", "{u}单元污水井"],
    "消防": ["{u}单元{f}楼消防栓", "地下车库消防通道"],
}
DESCRIPTIONS = {
    "水电": ["家里跳闸，公共电表箱有焦味", "楼上漏水到我家卫生间天花板", "水压很小，热水器打不着火"],
    "照明": ["楼道灯不亮好几天了", "门厅灯一直闪，晚上看不清台阶", "车库灯坏了一排"],
    "电梯": ["电梯按钮失灵，按了没反应", "电梯运行有异响，晃得厉害", "电梯门关不上"],
    "门禁": ["门禁刷卡没反应", "单元门关不严，陌生人能随便进", "人脸识别认不出来"],
    "管道疏通": ["厨房下水堵了", "污水井冒水，味道很大"],
    "消防": ["消防栓玻璃碎了", "消防通道被杂物堵住"],
    "其他": ["信报箱门坏了", "健身器材螺丝松了"],
    "噪音": ["晚上广场舞音乐太吵", "楼上装修周末一大早就开始", "楼下有人深夜打篮球"],
    "停车": ["消防通道又被私家车占了", "外来车辆占用业主车位", "车库出口排队太久"],
    "保洁": ["楼道一周没拖了", "垃圾桶周围很脏，有异味", "电梯里有宠物粪便没人清理"],
    "服务态度": ["前台工作人员态度冷淡", "打了三次电话都没人接"],
    "绿化": ["草坪很久没修剪", "树枝挡住了窗户", "建议在儿童乐园多种点树遮阴"],
    "垃圾清运": ["建筑垃圾堆了一周没清运", "垃圾分类点满了溢出来"],
    "收费": ["停车费涨价没有公示", "物业费账单金额有疑问"],
    "安保巡逻": ["建议夜间加强东门巡逻", "快递柜附近晚上没人看管"],
}
PRAISE = ["感谢李师傅冒雨抢修水管", "保洁阿姨很负责，楼道很干净", "保安帮忙把老人送回家，谢谢"]
#: tickets per month by month number (summer and the Spring Festival change the load)
MONTH_LOAD = {1: 34, 2: 30, 3: 38, 4: 40, 5: 44, 6: 52, 7: 58, 8: 56, 9: 46, 10: 40, 11: 40,
              12: 36}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _minutes(rng: random.Random, median: float, spread: float = 0.8) -> timedelta:
    return timedelta(minutes=median * math.exp(rng.gauss(0, spread)))


def _received_times(rng: random.Random, first_day: date, end: datetime):
    """Local daytime arrival times from a local day until `end`, in naive UTC."""
    day = first_day
    while utc_start_of(day) < end:
        per_day = MONTH_LOAD[day.month] / 30.0
        for _ in range(_poisson(rng, per_day)):
            hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 8, 7, 8, 9,
                                                   9, 9, 10, 11, 11, 9, 6, 3, 2])[0]
            at = utc_start_of(day) + timedelta(hours=hour, minutes=rng.randrange(60))
            if at < end:
                yield at
        day += timedelta(days=1)


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _place(rng: random.Random, category: str) -> str:
    pattern = rng.choice(PLACES.get(category, ["{u}单元门口", "小区中心花园", "南门"]))
    return pattern.format(u=rng.randint(1, 2), f=rng.randint(1, 18), r=rng.randint(1, 2))


def _ticket(context, rng, buildings, received: datetime, now: datetime, progress: float):
    """One ticket through as many steps as have happened by now."""
    ticket = _register(context, rng, buildings, received)
    # the company improves over the year: fewer late steps in later periods
    late = 0.22 - 0.14 * progress
    _handle(ticket, rng, received, now, context.users["staff"], late)
    return ticket


def _register(context, rng, buildings, received: datetime):
    """The ticket as an owner or the service centre logged it: type, place, words, contact."""
    ticket_type = _pick(rng, TYPE_WEIGHTS)
    category = _pick(rng, CATEGORY_WEIGHTS[ticket_type])
    channel = _pick(rng, CHANNEL_WEIGHTS)
    severity = "normal" if ticket_type not in ("repair", "complaint") else \
        rng.choices(["normal", "urgent", "emergency"], [85, 12, 3])[0]
    if ticket_type == "complaint" and severity == "emergency":
        severity = "urgent"
    text = rng.choice(PRAISE if ticket_type == "praise" else DESCRIPTIONS.get(category,
                                                                             ["其他问题"]))
    named = rng.random() < 0.6
    return services.register_ticket(
        context.community.id, channel=channel, ticket_type=ticket_type, category=category,
        severity=severity, building_id=rng.choice(buildings).id if rng.random() < 0.85 else None,
        location=_place(rng, category), description=text,
        contact_name=rng.choice(["张先生", "李女士", "王阿姨", "陈先生", "刘女士"]) if named else "",
        contact_phone=f"13{rng.randrange(10**9):09d}" if named else "",
        received_at=received, user=None if channel == "owner_web" else context.users["staff"])


def _handle(ticket, rng, received: datetime, now: datetime, staff, late: float) -> None:
    """Classification, dispatch and the work, each when (and if) its time has come."""
    at = received + (_minutes(rng, 12) if rng.random() > late else _minutes(rng, 70, 0.5))
    if at > now:
        return
    services.classify(ticket, ticket_type=ticket.ticket_type,
                      dimension=ticket.dimension or "service", category=ticket.category,
                      severity=ticket.severity, now=at)
    if ticket.ticket_type == "praise":
        _finish(ticket, rng, at + _minutes(rng, 120), now, staff, late)
        return
    department = DEPARTMENTS[ticket.dimension or "service"]
    at += _minutes(rng, 35) if rng.random() > late else _minutes(rng, 300, 0.5)
    if at > now:
        return
    services.dispatch(ticket, department=department, worker=rng.choice(WORKERS[department]),
                      now=at)
    done = _work_done(ticket, rng, at, now, late)
    if done is not None:
        _finish(ticket, rng, done, now, staff, late)


def _work_done(ticket, rng, dispatched: datetime, now: datetime, late: float):
    """When the work is done; a repair needs its visit on site first (None: not there yet)."""
    if ticket.ticket_type == "repair":
        at = dispatched + (_minutes(rng, 150) if rng.random() > late
                           else _minutes(rng, 30 * 60, 0.3))
        if at > now:
            return None
        services.mark_onsite(ticket, now=at)
        return at + _minutes(rng, 90 if ticket.severity != "normal" else 120, 1.0)
    days = 1.0 if rng.random() > late else 4.0
    return dispatched + _minutes(
        rng, days * 24 * 60 * (3 if ticket.ticket_type == "suggestion" else 1), 0.5)


def _finish(ticket, rng, done: datetime, now: datetime, staff, late: float) -> None:
    """Completion, the callback, and sometimes a reopening and a second completion."""
    if done > now:
        return
    services.complete(ticket, note=rng.choice(["已处理完毕", "已修复，现场已清理", "已回复业主"]),
                      now=done)
    callback_at = done + _minutes(rng, 20 * 60, 0.6)
    if callback_at > now or rng.random() > 0.75:
        return
    reopen = ticket.ticket_type == "repair" and rng.random() < 0.05 + late / 3
    rating = rng.choice([1, 2]) if reopen else rng.choices([5, 4, 3, 2], [55, 32, 9, 4])[0]
    channel = "owner_link" if ticket.channel == "owner_web" and rng.random() < 0.6 else "phone"
    services.record_callback(ticket, rating=rating, channel=channel, reopen=reopen,
                             note="问题还没解决" if reopen else "", now=callback_at)
    if reopen:
        again = callback_at + _minutes(rng, 26 * 60, 0.5)
        if again <= now:
            services.dispatch(ticket, department=ticket.department, now=again - timedelta(hours=3))
            services.complete(ticket, note="二次上门，已彻底修复", now=again)


def seed(context) -> str:
    """About 600 tickets across the demo periods, then escalate what is overdue now."""
    rng = random.Random(8)
    # the public commitments page states hours and a hotline (an obviously fictitious number)
    commitments.save_terms(context.community.id, hotline="400-000-0000", opens=time(8, 30),
                           closes=time(17, 30), after_hours="24 小时应急维修，请拨打服务热线")
    buildings = list(context.community.buildings) or list(
        services.db.session.scalars(select(Building).filter_by(community_id=context.community.id)))
    now = utcnow()
    start = utc_start_of(context.periods[0].start_date)
    end = min(now, utc_start_of(context.periods[-1].end_date + timedelta(days=1)))
    span = (end - start).total_seconds() or 1.0
    count = 0
    for received in _received_times(rng, context.periods[0].start_date, end):
        _ticket(context, rng, buildings, received, now, (received - start).total_seconds() / span)
        count += 1
    escalated = services.escalate_overdue(context.community.id, now)
    return f"{count} tickets, {len(escalated)} escalated as overdue"
