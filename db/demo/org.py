"""The company: territories, industries, departments, people, stand-ins, assignment rules."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from ..models import AssignmentRule, Department, Industry, StandIn, Territory, User
from . import texts
from .bulk import Writer
from .context import Ctx, month_start

# name, INN region code, phone code, postcode prefix, weight, sales area, capital, children
REGIONS = [
    ("Москва", "77", "495", "1", 30, "msk", "Москва",
     [("ЦАО", "district"), ("САО", "district"), ("ЮАО", "district"), ("ЗАО", "district"),
      ("ВАО", "district")]),
    ("Московская область", "50", "496", "14", 14, "mo", "Красногорск",
     [("Подольск", "city"), ("Химки", "city"), ("Мытищи", "city"), ("Балашиха", "city")]),
    ("Санкт-Петербург", "78", "812", "19", 12, "nw", "Санкт-Петербург",
     [("Центральный район", "district"), ("Приморский район", "district"),
      ("Московский район", "district")]),
    ("Ленинградская область", "47", "813", "18", 4, "nw", "Гатчина",
     [("Гатчина", "city"), ("Всеволожск", "city")]),
    ("Свердловская область", "66", "343", "62", 9, "ural", "Екатеринбург",
     [("Екатеринбург", "city"), ("Нижний Тагил", "city")]),
    ("Новосибирская область", "54", "383", "63", 7, "ural", "Новосибирск",
     [("Новосибирск", "city"), ("Бердск", "city")]),
    ("Республика Татарстан", "16", "843", "42", 8, "volga", "Казань",
     [("Казань", "city"), ("Набережные Челны", "city")]),
    ("Краснодарский край", "23", "861", "35", 9, "volga", "Краснодар",
     [("Краснодар", "city"), ("Сочи", "city"), ("Новороссийск", "city")]),
    ("Нижегородская область", "52", "831", "60", 4, "volga", "Нижний Новгород",
     [("Нижний Новгород", "city"), ("Дзержинск", "city")]),
    ("Самарская область", "63", "846", "44", 3, "volga", "Самара", []),
]

INDUSTRIES = [  # name, share of clients
    ("Строительство", 30), ("Производство", 15), ("Оптовая торговля", 12),
    ("Розничная торговля", 10), ("ЖКХ", 8), ("Энергетика", 5), ("Транспорт и логистика", 5),
    ("Сельское хозяйство", 4), ("HoReCa", 3), ("Медицина", 3), ("Образование", 3), ("ИТ", 2),
]

KEY = "key"  # the key accounts department serves key clients wherever they are
DEPARTMENTS = {  # name, sales areas, managers
    "small": [("Отдел продаж Москва", {"msk", "mo"}, 5),
              ("Отдел продаж Регионы", {"nw", "ural", "volga"}, 4),
              ("Отдел ключевых клиентов", {KEY}, 3)],
    "large": [("Отдел продаж Москва", {"msk"}, 10),
              ("Отдел продаж Подмосковье", {"mo"}, 7),
              ("Отдел продаж Северо-Запад", {"nw"}, 9),
              ("Отдел продаж Урал и Сибирь", {"ural"}, 8),
              ("Отдел продаж Поволжье и Юг", {"volga"}, 9),
              ("Отдел ключевых клиентов", {KEY}, 7)],
}
ENGLISH_SPEAKER = "manager09"
STAND_INS = [  # absent, stand-in, from days ago, to days ago (negative: future), note
    ("manager07", "manager08", 75, 61, "Больничный"),
    ("manager03", "manager04", 3, -7, "Отпуск"),
]
EMAIL_DOMAIN = "stroysnab.example"


def demo_logins(scale_name: str) -> list[str]:
    depts = DEPARTMENTS[scale_name]
    managers = sum(n for _, _, n in depts)
    return (["director", "admin"] + [f"head{i}" for i in range(1, len(depts) + 1)]
            + [f"manager{i:02d}" for i in range(1, managers + 1)])


def load(ctx: Ctx, w: Writer, password_hash: str) -> None:
    _territories(ctx, w)
    ctx.industries = {name: i for i, (name, _) in enumerate(INDUSTRIES, start=1)}
    w.insert(Industry.__table__, [
        {"id": i, "name": name, "created_at": ctx.horizon - dt.timedelta(days=900)}
        for name, i in ctx.industries.items()
    ])
    _people(ctx, w, password_hash)


def _territories(ctx: Ctx, w: Writer) -> None:
    rows = [{"id": 1, "name": "Россия", "kind": "country", "parent_id": None}]
    for name, inn, phone, post, weight, area, capital, children in REGIONS:
        region_id = len(rows) + 1
        rows.append({"id": region_id, "name": name, "kind": "region", "parent_id": 1})
        leaves = []
        for child, kind in children:
            rows.append({"id": len(rows) + 1, "name": child, "kind": kind, "parent_id": region_id})
            leaves.append((len(rows), child if kind == "city" else capital))
        ctx.regions.append({"id": region_id, "name": name, "inn": inn, "phone": phone,
                            "post": post, "weight": weight, "area": area, "capital": capital,
                            "leaves": leaves})
    created = ctx.horizon - dt.timedelta(days=900)
    for row in rows:
        row["created_at"] = created
    w.insert(Territory.__table__, rows)


def _people(ctx: Ctx, w: Writer, password_hash: str) -> None:
    rng = ctx.rng("people")
    today = ctx.today
    depts = DEPARTMENTS[ctx.scale.name]
    emails: set[str] = set()

    def user(login: str, role: str, dept: int | None, hired_days_ago: int) -> dict:
        last, first, middle, _ = texts.person(rng)
        email = f"{texts.translit(first)[0]}.{texts.translit(last)}"
        while email in emails:
            email += str(rng.randint(1, 9))
        emails.add(email)
        hired = today - dt.timedelta(days=hired_days_ago)
        row = {
            "id": len(ctx.users) + 1, "login": login, "full_name": f"{last} {first} {middle}",
            "email": f"{email}@{EMAIL_DOMAIN}", "password_hash": password_hash, "role": role,
            "department_id": dept, "language": "en" if login == ENGLISH_SPEAKER else None,
            "phone": texts.mobile(rng), "hired_on": hired,
            "created_at": min(dt.datetime.combine(hired, dt.time(6), dt.UTC), ctx.horizon),
        }
        ctx.users.append(row)
        return row

    user("director", "director", None, 4100)
    user("admin", "admin", None, 1500)
    dept_rows = []
    for i, (name, areas, _) in enumerate(depts, start=1):
        dept_rows.append({"id": i, "name": name, "head_id": None,
                          "created_at": ctx.horizon - dt.timedelta(days=900)})
        ctx.departments.append({"id": i, "name": name, "areas": areas, "managers": []})
    w.insert(Department.__table__, dept_rows)

    heads = [user(f"head{i}", "head", d["id"], rng.randint(1500, 3600))
             for i, d in enumerate(ctx.departments, start=1)]
    number = 0
    for dept, (_, _, count) in zip(ctx.departments, depts):
        for k in range(count):
            number += 1
            hired_ago = rng.randint(800, 3300)
            if k == count - 1 and dept["id"] == 1:
                hired_ago = (today - month_start(today)).days  # the newcomer: this month
            elif k == count - 1 and dept["id"] == 2:
                hired_ago = rng.randint(200, 280)  # joined during the year
            row = user(f"manager{number:02d}", "manager", dept["id"], hired_ago)
            row["handover"] = hired_ago < 300  # took over a colleague's clients on arrival
            dept["managers"].append(row)
            ctx.managers.append(row)
    w.insert(User.__table__, [{k: v for k, v in u.items() if k != "handover"} for u in ctx.users])
    for dept, head in zip(ctx.departments, heads):
        dept["head_id"] = head["id"]
        w.conn.execute(update(Department).where(Department.id == dept["id"]).values(head_id=head["id"]))


def load_rules(ctx: Ctx, w: Writer) -> None:
    """Stand-ins and assignment rules (after the people and the map exist)."""
    rng = ctx.rng("rules")
    by_login = {u["login"]: u for u in ctx.users}
    rows: list[dict] = []
    for absent, stand_in, start_ago, end_ago, note in STAND_INS:
        a, s = by_login[absent], by_login[stand_in]
        head = next(d["head_id"] for d in ctx.departments if d["id"] == a["department_id"])
        starts = ctx.today - dt.timedelta(days=start_ago)
        rows.append({"id": len(rows) + 1, "absent_user_id": a["id"], "stand_in_user_id": s["id"],
                     "starts_on": starts, "ends_on": ctx.today - dt.timedelta(days=end_ago),
                     "created_by_id": head, "note": note,
                     "created_at": dt.datetime.combine(starts, dt.time(7), dt.UTC)
                     - dt.timedelta(days=5)})
    w.insert(StandIn.__table__, rows)

    pairs: dict[tuple[int, int | None], int] = {}
    industries = list(ctx.industries.values())
    for region in ctx.regions:
        team = managers_for_area(ctx, region["area"])
        pairs[(region["id"], None)] = rng.choice(team)["id"]
        for industry in rng.sample(industries[:6], 2):
            pairs[(region["id"], industry)] = rng.choice(team)["id"]
        for leaf_id, _ in region["leaves"][:1]:
            pairs[(leaf_id, ctx.industries["Строительство"])] = rng.choice(team)["id"]
    created = ctx.horizon - dt.timedelta(days=400)
    w.insert(AssignmentRule.__table__, [
        {"id": i, "territory_id": t, "industry_id": ind, "manager_id": m, "created_at": created}
        for i, ((t, ind), m) in enumerate(pairs.items(), start=1)
    ])


def managers_for_area(ctx: Ctx, area: str) -> list[dict]:
    for dept in ctx.departments:
        if area in dept["areas"]:
            return dept["managers"]
    raise LookupError(area)
