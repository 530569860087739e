"""The managers' work: calls, letters, meetings and notes over two years, and their tasks."""
from __future__ import annotations

import datetime as dt
import random

from ..models import Activity, Task
from . import texts
from .bulk import Writer
from .clients import weighted
from .context import DAY, Ctx
from .deals import work_time

PER_SEGMENT = {"key": 6.0, "large": 3.0, "medium": 1.2, "small": 0.6}
RECENCY = 1.6  # > 1: denser towards today


def load(ctx: Ctx, w: Writer) -> None:
    w.insert(Activity.__table__, _activities(ctx, ctx.rng("activities")))
    w.insert(Task.__table__, _tasks(ctx, ctx.rng("tasks")))


def _activities(ctx: Ctx, rng: random.Random):
    weights = []
    for c in ctx.clients:
        active = min(c.active_to, ctx.horizon_ts) - max(c.active_from, ctx.window_ts)
        weights.append(0.0 if c.owner_id is None else
                       PER_SEGMENT[c.segment] * max(0.0, active) / (ctx.horizon_ts - ctx.window_ts))
    unassigned = sum(1 for c in ctx.clients if c.owner_id is None)
    scale = (ctx.scale.activities - unassigned) / sum(weights)
    next_id = 1
    for client, wgt in zip(ctx.clients, weights):
        if client.owner_id is None:  # a lead from the website, waiting for an owner
            t = work_time(rng, client.active_from)
            yield {"id": next_id, "kind": "note", "occurred_at": ctx.dt(t), "user_id": None,
                   "client_id": client.id, "contact_id": None, "deal_id": None,
                   "subject": "Входящая заявка с сайта",
                   "body": "Просят прайс-лист и условия доставки.", "outcome": None,
                   "created_at": ctx.dt(t)}
            next_id += 1
            continue
        e = wgt * scale
        start = max(client.active_from, ctx.window_ts)
        end = min(client.active_to, ctx.horizon_ts)
        span = end - start
        for _ in range(int(e) + (rng.random() < e - int(e))):
            t = work_time(rng, end - span * rng.random() ** RECENCY)
            if t >= ctx.horizon_ts:
                t -= DAY
            weekday = (int(t // DAY) + 3) % 7  # 1970-01-01 was a Thursday
            if weekday > 4:
                t -= (weekday - 4) * DAY
            kind = weighted(rng, texts.ACTIVITY_KINDS)
            deal = None
            if client.deals and rng.random() < 0.6:
                for deal_id, opened, closed, _ in client.deals:
                    if opened <= t <= closed:
                        deal = deal_id
                        break
            user: int | None = client.owner_id
            if client.prev_owner_id is not None:
                user = client.owner_on(ctx.date(t))
            occurred = ctx.dt(t)
            outcome = rng.choice(texts.OUTCOMES[kind]) if kind in texts.OUTCOMES else None
            subject = rng.choice(texts.SUBJECTS[kind])
            body = rng.choice(texts.BODIES) if rng.random() < 0.75 else None
            if outcome == texts.NOT_REACHED:  # nobody answered: no talk to write down
                subject = rng.choice(texts.OUTGOING_CALLS)
                body = rng.choice(texts.NOT_REACHED_BODIES)
            yield {
                "id": next_id, "kind": kind, "occurred_at": occurred, "user_id": user,
                "client_id": client.id,
                "contact_id": rng.choice(client.contacts)[0] if client.contacts and rng.random() < 0.9 else None,
                "deal_id": deal, "subject": subject, "body": body, "outcome": outcome,
                "created_at": occurred,
            }
            next_id += 1


def _time_of_day(clock: random.Random, title: str) -> tuple[dt.time | None, int | None]:
    """A call or a meeting is set for a time (a meeting for an hour or two, a call for a quarter or
    half an hour); most other tasks too, on the half hour of a working day; a greeting is all-day."""
    if title.startswith("Поздравить"):
        return None, None
    meeting = title.startswith(("Встреча", "Обсудить"))
    call = title.startswith(("Перезвонить", "Позвонить", "Назначить встречу", "Напомнить"))
    if not (meeting or call) and clock.random() < 0.4:
        return None, None
    start = dt.time(clock.randint(9, 17), clock.choice((0, 30)))
    duration = clock.choice((60, 90, 120)) if meeting else clock.choice((15, 30)) if call else \
        clock.choice((None, 30, 60))
    return start, duration


def _tasks(ctx: Ctx, rng: random.Random):
    today, horizon = ctx.today, ctx.horizon_ts
    mine: dict[int, list] = {}
    for c in ctx.clients:
        if c.owner_id is not None and not c.archived:
            mine.setdefault(c.owner_id, []).append(c)
    heads = {d["id"]: d["head_id"] for d in ctx.departments}
    total = sum(len(v) for v in mine.values())
    next_id = 1
    # Times of day from a stream of their own, so adding them changed nothing else in the demo.
    clock = ctx.rng("task times")

    def task(manager: dict, client, title: str, description: str | None, due: dt.date,
             done: bool, deal: int | None) -> dict:
        nonlocal next_id
        created = min(horizon - 3600, work_time(rng, _ts(due) - rng.randint(1, 12) * DAY))
        done_at = None
        if done:
            done_at = ctx.dt(min(horizon - 60, work_time(rng, _ts(due) + rng.randint(-2, 2) * DAY)))
        due_time, duration = _time_of_day(clock, title)
        row = {"id": next_id, "assignee_id": manager["id"],
               "created_by_id": manager["id"] if rng.random() < 0.8 else heads[manager["department_id"]],
               "client_id": client.id, "deal_id": deal, "title": title, "description": description,
               "due_on": due, "due_time": due_time, "duration_minutes": duration,
               "done": done, "done_at": done_at, "source": "manual",
               "source_key": None, "created_at": ctx.dt(created), "updated_at": done_at}
        next_id += 1
        return row

    by_id = {c.id: c for c in ctx.clients}
    people = {m["id"]: m for m in ctx.managers}
    for client_id, _contact_id, name, day in ctx.birthdays:
        client = by_id[client_id]
        if client.owner_id is not None and not client.archived:
            yield task(people[client.owner_id], client, "Поздравить с днём рождения",
                       name, day, False, None)
    for manager in ctx.managers:
        clients = mine.get(manager["id"], [])
        if not clients:
            continue
        count = round(ctx.scale.tasks * len(clients) / total)
        for _ in range(count):
            client = rng.choice(clients)
            done = rng.random() < 0.75
            if done:
                due = today - dt.timedelta(days=rng.randint(1, 365))
            else:
                r = rng.random()
                days = -rng.randint(1, 20) if r < 0.2 else (0 if r < 0.35 else rng.randint(1, 30))
                due = today + dt.timedelta(days=days)
            deal = None
            if client.deals and rng.random() < 0.4:
                when = min(_ts(due), horizon - 1)
                deal = next((d for d, opened, closed, _ in client.deals if opened <= when <= closed), None)
            contact = rng.choice(client.contacts)[1] if client.contacts else None
            yield task(manager, client, rng.choice(texts.TASK_TITLES),
                       f"Контакт: {contact}" if contact else None, due, done, deal)


def _ts(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()
