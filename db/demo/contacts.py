"""Contacts: the people at each client, who decides, who influences, who reports to whom."""
from __future__ import annotations

import datetime as dt
import random

from ..search import contact_search_text
from ..models import Contact
from . import texts
from .bulk import Writer
from .context import DAY, Ctx

COUNTS = {"key": (4, 7), "large": (3, 5), "medium": (2, 4), "small": (1, 4)}
BOSSES = {"Менеджер по закупкам": "Начальник отдела снабжения",
          "Специалист по закупкам": "Начальник отдела снабжения",
          "Прораб": "Главный инженер", "Инженер ПТО": "Главный инженер",
          "Главный бухгалтер": "Финансовый директор"}


def load(ctx: Ctx, w: Writer) -> None:
    w.insert(Contact.__table__, _rows(ctx))


def _birthday(rng: random.Random, today: dt.date) -> dt.date:
    year = rng.randint(1962, 1998)
    if rng.random() < 0.015:  # a birthday this week: something to congratulate on
        day = today + dt.timedelta(days=rng.randint(0, 6))
    else:
        day = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 3, 1)


def _rows(ctx: Ctx):
    rng = ctx.rng("contacts")
    next_id = 1
    for client in ctx.clients:
        lo, hi = COUNTS[client.segment]
        if client.name.startswith("ИП "):
            lo, hi = 1, 2
        count = rng.randint(lo, hi)
        people = [(rng.choice(texts.DECISION_MAKERS), "decision_maker", rng.randint(4, 5))]
        for position, role, low, high in rng.sample(texts.OTHER_POSITIONS, count - 1):
            people.append((position, role, rng.randint(low, high)))
        if count >= 3 and rng.random() < 0.03:  # a second decision maker, the owner
            people[1] = ("Владелец", "decision_maker", 5)
        ids = {}
        for k, (position, role, influence) in enumerate(people):
            last, first, middle, _ = texts.person(rng)
            full_name = f"{last} {first} {middle}"
            phone = texts.mobile(rng)
            email = f"{texts.translit(first)[0]}.{texts.translit(last)}@{client.domain}"
            contact_id = next_id
            next_id += 1
            ids[position] = contact_id
            boss = None
            if k > 0:
                boss = ids.get(BOSSES.get(position, ""), ids[people[0][0]])
            birthday = _birthday(rng, ctx.today)
            this_year = _this_year(birthday, ctx.today)
            important = k == 0 and client.segment in ("key", "large")
            if important and this_year and 0 <= (this_year - ctx.today).days <= 6:
                ctx.birthdays.append((client.id, contact_id, full_name, this_year))
            client.contacts.append((contact_id, full_name))
            created = min(client.active_from + rng.uniform(0, 60) * DAY, ctx.horizon_ts - 3600)
            prefs = rng.sample(texts.PREFERENCES, rng.randint(1, 2)) if rng.random() < 0.6 else None
            yield {
                "id": contact_id, "client_id": client.id, "full_name": full_name,
                "position": position, "decision_role": role, "influence": influence,
                "reports_to_id": boss,
                "preferences": "; ".join(prefs) if prefs else None,
                "character_notes": rng.choice(texts.CHARACTER) if rng.random() < 0.5 else None,
                "phone": phone, "email": email, "birthday": birthday,
                "active": rng.random() < 0.96 or k == 0,
                "search_text": contact_search_text(full_name, phone, email),
                "created_at": ctx.dt(created),
            }


def _this_year(birthday: dt.date, today: dt.date) -> dt.date | None:
    for year in (today.year, today.year + 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:
            continue
        if day >= today:
            return day
    return None
