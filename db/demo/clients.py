"""Clients: companies and sole traders across the territories, with owners and holdings."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ..search import client_search_text
from ..models import Client
from . import texts
from .bulk import Writer
from .context import DAY, ClientInfo, Ctx
from .holdings import build_holdings
from .org import INDUSTRIES, KEY, managers_for_area

SEGMENTS = [("key", 0.04), ("large", 0.14), ("medium", 0.37), ("small", 0.45)]
DEFERRALS = {"key": [30, 45, 60], "large": [14, 30, 30, 45], "medium": [0, 14, 30, 30],
             "small": [0, 0, 0, 14]}
CREDIT = {"key": (5_000_000, 20_000_000), "large": (1_000_000, 5_000_000),
          "medium": (200_000, 1_000_000), "small": (50_000, 300_000)}
# which product groups (by position in catalog.GROUPS, from 1) each industry buys
BUYS = {
    "Строительство": [1, 2, 3, 4, 5], "Производство": [1, 5, 6, 7], "Оптовая торговля": [1, 2, 3, 4, 5, 6, 7, 8],
    "Розничная торговля": [2, 5, 6, 7], "ЖКХ": [8, 7, 3], "Энергетика": [7, 1], "Транспорт и логистика": [6, 5, 1],
    "Сельское хозяйство": [1, 3, 4, 8], "HoReCa": [7, 8], "Медицина": [7, 8], "Образование": [7, 2, 3], "ИТ": [7, 6],
}
NOTES = ["Работают с нами много лет", "Закупки централизованы через головную компанию",
         "Сезонный клиент: основные закупки весной", "Просят закрывающие документы в ЭДО",
         "Самовывоз со склада в Подольске", "Крупный объект в работе до конца года",
         "Оплата строго по графику", "Требуют сертификаты к каждой партии",
         "Доставка только в первой половине дня", "Заинтересованы в годовом контракте"]
STREET_POOL = 400
# Every client's name is its own but for TWINS pairs: two different companies with the same
# name in different regions (their own INNs, legal forms and addresses), as a real base has —
# what the similar-name warning and the duplicates' merge proposal must tell apart.
TWINS = 2


def weighted(rng: random.Random, pairs):
    r, acc = rng.random(), 0.0
    for value, p in pairs:
        acc += p
        if r < acc:
            return value
    return pairs[-1][0]


def make_inn(rng: random.Random, region: str, *, person: bool, seen: set[str]) -> str:
    """A valid, unused INN: 10 digits for a company, 12 for a sole trader."""
    while True:
        body = [int(c) for c in region] + [rng.randint(0, 9) for _ in range(8 if person else 7)]
        if person:
            body.append(sum(w * d for w, d in zip([7, 2, 4, 10, 3, 5, 9, 4, 6, 8], body)) % 11 % 10)
            body.append(sum(w * d for w, d in zip([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], body)) % 11 % 10)
        else:
            body.append(sum(w * d for w, d in zip([2, 4, 10, 3, 5, 9, 4, 6, 8], body)) % 11 % 10)
        inn = "".join(map(str, body))
        if inn not in seen:
            seen.add(inn)
            return inn


def load(ctx: Ctx, w: Writer) -> None:
    rng = ctx.rng("clients")
    n = ctx.scale.clients
    streets = [ctx.faker.street_address() for _ in range(STREET_POOL)]
    region_weights = [(r, r["weight"] / 100) for r in ctx.regions]
    industry_weights = [(name, share / 100) for name, share in INDUSTRIES]
    unassigned = set(rng.sample(range(n), max(6, n // 100)))
    base = []
    for i in range(n):
        region = weighted(rng, region_weights)
        leaf = rng.choice(region["leaves"]) if region["leaves"] and rng.random() < 0.75 else None
        segment = weighted(rng, SEGMENTS)
        person = segment == "small" and rng.random() < 0.3 or segment == "medium" and rng.random() < 0.08
        if i in unassigned:
            start = ctx.horizon_ts - rng.uniform(1, 40) * DAY
        elif rng.random() < 0.7:
            start = ctx.window_ts - rng.uniform(30, 2500) * DAY
        else:
            start = ctx.window_ts + rng.uniform(0, 725) * DAY
        archived = i not in unassigned and rng.random() < 0.03
        end = ctx.horizon_ts
        if archived:
            lo = max(start + 60 * DAY, ctx.window_ts + 90 * DAY)
            end = rng.uniform(lo, max(lo, ctx.horizon_ts - 10 * DAY))
        base.append({"i": i, "region": region, "territory": leaf[0] if leaf else region["id"],
                     "city": leaf[1] if leaf else region["capital"], "segment": segment,
                     "person": person, "industry": weighted(rng, industry_weights), "start": start,
                     "end": end, "archived": archived, "unassigned": i in unassigned,
                     "parent": None, "depth": 0})
    holdings = build_holdings(ctx, rng, base)
    _pick_twins(rng, base)
    seen_inn: set[str] = set()
    seen_names = {b["name"] for b in base if b.get("name")}  # the holdings' names, unique already
    rows = []
    for b in base:
        info, row = _client(ctx, rng, b, streets, seen_inn, seen_names)
        ctx.clients.append(info)
        rows.append(row)
    _holding_owners(ctx, rng, base, holdings)
    for b, row in zip(base, rows):
        info = ctx.clients[b["i"]]
        row["owner_id"] = row["created_by_id"] = info.owner_id
        row["parent_id"] = None if b["parent"] is None else b["parent"] + 1
    # parents first: the foreign key to the parent is checked row by row
    rows.sort(key=lambda r: base[r["id"] - 1]["depth"])
    w.insert(Client.__table__, rows)


def _pick_twins(rng: random.Random, base: list[dict]) -> None:
    """Mark TWINS pairs of companies outside holdings in different regions: the later of each
    pair takes the earlier's name (`twin_of`)."""
    free = [b for b in base if not b["person"] and not b.get("name") and not b["unassigned"]
            and b["parent"] is None]
    rng.shuffle(free)
    pairs = 0
    while pairs < TWINS and len(free) >= 2:
        first = free.pop()
        other = next((b for b in free if b["region"]["id"] != first["region"]["id"]), None)
        if other is None:
            break
        free.remove(other)
        a, b = sorted((first, other), key=lambda x: x["i"])
        b["twin_of"] = a["i"]
        pairs += 1


def _client(ctx: Ctx, rng: random.Random, b: dict, streets: list[str], seen: set[str], names: set[str]):
    region, segment = b["region"], b["segment"]
    if b["person"]:
        while True:  # the pools of names hold some hundred thousand sole traders
            last, first, middle, _ = texts.person(rng)
            name = f"ИП {last} {first[0]}. {middle[0]}."
            if name not in names:
                break
        legal = f"Индивидуальный предприниматель {last} {first} {middle}"
        inn, kpp = make_inn(rng, region["inn"], person=True, seen=seen), None
        email = f"{texts.translit(first)}.{texts.translit(last)}@mail.example"
        site = None
    else:
        if "twin_of" in b:
            name = ctx.clients[b["twin_of"]].name
        elif b.get("name"):  # a holding's names are unique among themselves (build_holdings)
            name = b["name"]
        else:
            name = texts.unique(lambda: texts.company_name(rng), names, [b["city"], *texts.AREAS])
        legal = f"{b.get('form') or texts.legal_form(rng)} «{name}»"
        inn = make_inn(rng, region["inn"], person=False, seen=seen)
        kpp = inn[:4] + "01001"
        slug = texts.translit(name.split()[0] if name.startswith("ГК ") else name) or "company"
        if "twin_of" in b:  # another company: its own domain
            slug += "-" + texts.translit(b["city"])
        email = f"{rng.choice(['info', 'office', 'zakaz', 'snab'])}@{slug}.example"
        site = f"www.{slug}.example" if rng.random() < 0.5 else None
    names.add(name)
    deferral = rng.choice(DEFERRALS[segment])
    lo, hi = CREDIT[segment]
    credit = 0 if deferral == 0 else rng.randint(lo // 10_000, hi // 10_000) * 10_000
    post = region["post"] + "".join(str(rng.randint(0, 9)) for _ in range(6 - len(region["post"])))
    where = "" if region["name"] in ("Москва", "Санкт-Петербург") else region["name"] + ", "
    address = f"{post}, {where}г. {b['city']}, {rng.choice(streets)}"
    postal = address if rng.random() < 0.8 else (
        f"{post}, {where}г. {b['city']}, {rng.choice(streets)}, а/я {rng.randint(1, 400)}")
    owner, prev, since = _owner(ctx, rng, b)
    industry = b["industry"]
    groups = rng.sample(BUYS[industry], min(len(BUYS[industry]), rng.randint(1, 3)))
    reliability = 0 if rng.random() < 0.8 else (1 if rng.random() < 0.75 else 2)
    info = ClientInfo(
        id=b["i"] + 1, name=name, owner_id=owner, prev_owner_id=prev, owner_since=since,
        segment=segment, industry=industry, groups=groups, deferral=deferral,
        reliability=reliability, active_from=b["start"], active_to=b["end"], archived=b["archived"],
        domain=email.split("@")[1],
    )
    created = ctx.dt(b["start"])
    row = {
        "id": info.id, "name": name, "legal_name": legal, "inn": inn, "kpp": kpp,
        "industry_id": ctx.industries[industry], "territory_id": b["territory"],
        "owner_id": owner, "parent_id": None, "size_segment": segment,
        "credit_limit": Decimal(credit), "payment_deferral_days": deferral,
        "status": "archived" if b["archived"] else "active",
        "archived_at": ctx.dt(b["end"]) if b["archived"] else None,
        "phone": f"+7 ({region['phone']}) {rng.randint(200, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        "email": email, "website": site, "legal_address": address, "postal_address": postal,
        "notes": rng.choice(NOTES) if rng.random() < 0.4 else None,
        "search_text": client_search_text(name, legal, inn), "created_by_id": owner, "created_at": created,
        "updated_at": ctx.dt(b["end"]) if b["archived"] else None,
    }
    return info, row


def _owner(ctx: Ctx, rng: random.Random, b: dict) -> tuple[int | None, int | None, dt.date | None]:
    """(owner, previous owner, owner since) — most clients never changed hands."""
    if b["unassigned"]:
        return None, None, None
    key_account = b["segment"] == "key" or (b["segment"] == "large" and rng.random() < 0.4)
    team = managers_for_area(ctx, KEY if key_account else b["region"]["area"])
    owner = rng.choice(team)
    veterans = [m for m in team if not m["handover"] and m is not owner]
    if owner["handover"] and veterans:
        return owner["id"], rng.choice(veterans)["id"], max(owner["hired_on"], ctx.date(b["start"]))
    if veterans and rng.random() < 0.04:
        when = ctx.date(rng.uniform(max(b["start"], ctx.window_ts), b["end"]))
        return owner["id"], rng.choice(veterans)["id"], when
    return owner["id"], None, None


def _holding_owners(ctx: Ctx, rng: random.Random, base: list[dict], holdings: list[list[int]]) -> None:
    """Subsidiaries mostly share the parent's manager; some do not (the "holding window").

    The first holdings are arranged on purpose: manager01 owns the parent, a colleague
    from the same department and one from key accounts own subsidiaries.
    """
    clients = ctx.clients
    for members in holdings:
        parent = clients[members[0]]
        for m in members[1:]:
            if rng.random() < 0.6 and not base[m]["unassigned"]:
                c = clients[m]
                c.owner_id, c.prev_owner_id, c.owner_since = (
                    parent.owner_id, parent.prev_owner_id, parent.owner_since)
    first = ctx.departments[0]["managers"]
    key_team = ctx.departments[-1]["managers"]
    arranged = [(first[0], first[1], key_team[0]), (first[1], key_team[1], first[2]),
                (key_team[0], ctx.departments[1]["managers"][0], key_team[2])]
    for members, owners in zip(holdings, arranged):
        for m, owner in zip(members, owners):
            c = clients[m]
            c.owner_id, c.prev_owner_id, c.owner_since = owner["id"], None, None
