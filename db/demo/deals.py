"""Two years of deals: lines from the catalogue, stage moves with history, outcomes.

Each deal is simulated: a planned path through the open stages to won or lost, with days
between moves; whatever would happen after today is cut off, which leaves the recent deals
open and spread over the stages, as a real funnel is. A deal nobody moves for a while is
lost ("no response") after PATIENCE days, so no open deal sits in its stage for longer.

The expected close date is the manager's guess, as in life: set when the deal is created
(optimistic: most deals take longer), moved later when it passes (most times; the rest stay
overdue), now and then revised at a stage move. Each revision is an audited edit
(`update_deal` in the audit log, old -> new), so the forecast's backtest reads the date the
deal had on each day, and won deals close before or after their last expected date.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ..models import ApprovalKind, ApprovalRequest, ApprovalStatus, AuditEntry, Deal, DealLine, DealStageChange
from . import texts
from .bulk import Writer
from .context import DAY, Ctx, round_half_up

CHUNK = 5_000
DEALS_PER_SEGMENT = {"key": 4.0, "large": 2.5, "medium": 1.0, "small": 0.6}
LINE_VALUE = {"key": 900_000, "large": 350_000, "medium": 120_000, "small": 40_000}  # roubles
STEP_DAYS = {"key": (4, 25), "large": (3, 18), "medium": (2, 14), "small": (1, 10)}
DISCOUNTS = [0, 0, 0, 0, 0, 2, 3, 3, 5, 5, 5, 7, 10]
LOST_AT = [30, 25, 25, 15, 5]  # where lost deals drop out, by open stage
REASON_WEIGHTS = [30, 25, 15, 10, 12, 8]
INFLATION = 0.07  # prices two years ago were ~14 % lower
BATCHES = (40, 35, 25)  # a won line ships in 1, 2 or 3 batches
BATCH_DAYS = ((2, 14), (10, 30))  # days to the first batch after the win, and between batches
PATIENCE = (60, 120)  # days an open deal may sit in its stage untouched before it is given up as lost
GUESS = (-0.25, 0.45)  # the manager's guess of the time left: the true time × lognormal(mu, sigma), optimistic
SLIP = 0.7  # when the expected date has passed, the chance the manager moves it (else it stays overdue)
REVISE_AT_MOVE = 0.25  # the chance the date is revised at a stage move


def price_then(price_kop: int, ts: float, horizon_ts: float) -> int:
    """The list price at a moment in the past, in whole roubles (as kopecks)."""
    years = (horizon_ts - ts) / (365 * DAY)
    return max(100, round(price_kop * (1 - INFLATION * years) / 100) * 100)


def quantity_for(rng: random.Random, value_rub: float, price_kop: int, fractional: bool) -> int:
    """A believable quantity (in thousandths) worth about `value_rub`."""
    q = value_rub * 100 / price_kop
    if fractional:
        return max(100, round(q * 10) * 100)  # tonnes to 0.1
    q = max(1, round(q))
    if q > 50:
        q = round(q / 10) * 10
    elif q > 20:
        q = round(q / 5) * 5
    return q * 1000


def work_time(rng: random.Random, ts: float) -> float:
    """The same day, during Moscow office hours (06:00–15:00 UTC)."""
    return ts - ts % DAY + 6 * 3600 + rng.uniform(0, 9 * 3600)


def load(ctx: Ctx, w: Writer) -> None:
    rng = ctx.rng("deals")
    counts = _counts(ctx, rng)
    ids = {"deal": 1, "line": 1, "move": 1, "approval": 1}
    heads = {m["id"]: next(d["head_id"] for d in ctx.departments if d["id"] == m["department_id"])
             for m in ctx.managers}
    out: dict[str, list[dict]] = {"deals": [], "lines": [], "moves": [], "approvals": [], "audit": []}
    for client, n in zip(ctx.clients, counts):
        for _ in range(n):
            _deal(ctx, rng, client, ids, out)
            _approval(ctx, rng, out, heads, ids)
        if len(out["deals"]) >= CHUNK:
            _flush(w, out)
    _flush(w, out)


def _flush(w: Writer, out: dict) -> None:
    w.insert(Deal.__table__, out["deals"])
    w.insert(DealLine.__table__, out["lines"])
    w.insert(DealStageChange.__table__, out["moves"])
    w.insert(ApprovalRequest.__table__, out["approvals"])
    w.insert(AuditEntry.__table__, out["audit"])
    for rows in out.values():
        rows.clear()


def _approval(ctx: Ctx, rng: random.Random, out: dict, heads: dict, ids: dict) -> None:
    """Discounts above the manager's cap were approved by the head; a few open deals
    wait for an approval of a bigger discount."""
    deal = out["deals"][-1]
    discount = int(deal["discount_pct"])
    cap = ctx.manager_cap
    pending = deal["state"] == "open" and discount <= cap and rng.random() < 0.1
    if discount <= cap and not pending:
        return
    asked = min(10, discount + rng.randint(2, 6)) if pending else discount
    asked_at = deal["created_at"] + dt.timedelta(hours=rng.uniform(1, 48))
    decided_at = None if pending else asked_at + dt.timedelta(hours=rng.uniform(1, 30))
    if asked_at >= ctx.horizon or (decided_at and decided_at >= ctx.horizon):
        return
    out["approvals"].append({
        "id": ids["approval"], "kind": ApprovalKind.DISCOUNT, "deal_id": deal["id"],
        "requested_by_id": deal["owner_id"], "payload": {"discount_pct": str(asked)},
        "status": ApprovalStatus.PENDING if pending else ApprovalStatus.APPROVED,
        "decided_by_id": None if pending else heads.get(deal["owner_id"]),
        "decided_at": decided_at, "comment": None if pending else "Согласовано: объём оправдывает скидку",
        "created_at": asked_at, "updated_at": decided_at,
    })
    ids["approval"] += 1


def _counts(ctx: Ctx, rng: random.Random) -> list[int]:
    weights = []
    for c in ctx.clients:
        if c.owner_id is None:
            weights.append(0.0)
            continue
        active = min(c.active_to, ctx.horizon_ts) - max(c.active_from, ctx.window_ts)
        weights.append(DEALS_PER_SEGMENT[c.segment] * max(0.0, active) / (ctx.horizon_ts - ctx.window_ts))
    scale = ctx.scale.deals / sum(weights)
    counts = []
    for wgt in weights:
        e = wgt * scale
        counts.append(int(e) + (rng.random() < e - int(e)))
    return counts


def _deal(ctx: Ctx, rng: random.Random, client, ids: dict, out: dict) -> None:
    deals, lines, moves = out["deals"], out["lines"], out["moves"]
    stages, won, lost = ctx.open_stages, ctx.won_stage, ctx.lost_stage
    start = max(client.active_from, ctx.window_ts)
    end = min(client.active_to, ctx.horizon_ts)
    created = work_time(rng, rng.uniform(start, end - 3600))
    if created >= end:
        created = end - 3600
    r = rng.random()
    plan = "won" if r < 0.38 else ("lost" if r < 0.88 else "stall")
    last = len(stages) - 1
    if plan == "lost":
        last = rng.choices(range(len(stages)), LOST_AT[:len(stages)] + [5] * (len(stages) - 5))[0]
    elif plan == "stall":
        last = rng.randrange(len(stages))
    path = [stages[0]] + [s for s in stages[1:last + 1] if rng.random() > 0.22]
    if plan == "won":
        path.append(won)
    elif plan == "lost":
        path.append(lost)
    lo, hi = STEP_DAYS[client.segment]
    times = [created]
    for _ in path[1:]:
        times.append(work_time(rng, times[-1] + rng.uniform(lo, hi) * DAY))
    planned_close = times[-1] + (rng.uniform(lo, hi) * DAY if path[-1] in stages else 0)
    kept = sum(1 for t in times if t < end)
    path, times = path[:kept], times[:kept]
    reason = None
    final = path[-1]
    if final in stages:  # still open at the end: given up if it sat too long (or the client left)
        close = work_time(rng, times[-1] + rng.uniform(*PATIENCE) * DAY)
        if client.archived:
            close = min(max(times[-1] + 3600, end - DAY), close)
        if close < end:
            path.append(lost)
            times.append(close)
            final = lost
            reason = ctx.no_response
    state = "won" if final is won else ("lost" if final is lost else "open")
    if state == "lost" and reason is None:
        reason = rng.choices(ctx.lost_reasons, (REASON_WEIGHTS + [10] * 10)[:len(ctx.lost_reasons)])[0]
    closed = times[-1] if state != "open" else None
    owner = _owner(ctx, rng, client, closed)

    deal_id = ids["deal"]
    ids["deal"] += 1
    discount = rng.choice(DISCOUNTS)
    total = 0
    groups = client.groups or [rng.choice(ctx.groups)["id"]]
    used = set()
    for _ in range(rng.choices((1, 2, 3, 4), (35, 30, 20, 15))[0]):
        product = rng.choice(ctx.products_by_group[rng.choice(groups)])
        if product.id in used:
            continue
        used.add(product.id)
        price = price_then(product.price_kop, created, ctx.horizon_ts)
        value = LINE_VALUE[client.segment] * rng.lognormvariate(0, 0.6)
        qm = quantity_for(rng, value, price, product.fractional)
        d = discount if rng.random() < 0.85 else 0
        amount = round_half_up(price * qm * (100 - d), 100_000)
        total += amount
        lines.append({"id": ids["line"], "deal_id": deal_id, "product_id": product.id,
                      "quantity": Decimal(qm) / 1000, "price": Decimal(price) / 100,
                      "discount_pct": Decimal(d), "amount": Decimal(amount) / 100})
        ids["line"] += 1
        if state == "won":  # delivered in one to three batches over the following weeks
            assert closed is not None  # a won deal is closed
            ctx.won_at[deal_id] = closed
            batches = rng.choices((1, 2, 3), BATCHES)[0] if qm >= 3000 else 1
            ship, shipped_q, shipped_a = closed, 0, 0
            for k in range(1, batches + 1):
                ship = work_time(rng, ship + rng.uniform(*BATCH_DAYS[k > 1]) * DAY)
                q = qm * k // batches - shipped_q
                a = amount * k // batches - shipped_a
                shipped_q, shipped_a = shipped_q + q, shipped_a + a
                if ship < end:
                    ctx.deal_shipments.setdefault(client.id, []).append((ship, product, q, a, deal_id, owner))
    previous = None
    for i, (stage, t) in enumerate(zip(path, times)):
        later = path[i + 1:]  # the flow flags the funnel reads (db/actions/stage_history.py)
        moves.append({"id": ids["move"], "deal_id": deal_id,
                      "from_stage_id": previous["id"] if previous else None,
                      "to_stage_id": stage["id"], "user_id": owner, "changed_at": ctx.dt(t),
                      "left_at": ctx.dt(times[i + 1]) if later else None,
                      "advanced": any(s["position"] > stage["position"] and not s["is_lost"] for s in later),
                      "won_after": any(s["is_won"] for s in later)})
        ids["move"] += 1
        previous = stage
    expected, revisions = _expected(ctx, rng, created, times[1:], closed if closed else planned_close,
                                    closed if closed else end)
    for t, before, after in revisions:
        out["audit"].append({"at": ctx.dt(t), "user_id": client.owner_on(ctx.date(t)) or owner,
                             "action": "update_deal", "entity": "deal", "entity_id": str(deal_id),
                             "changes": {"expected_close_on": [before.isoformat(), after.isoformat()]}})
    touched = max([times[-1]] + [t for t, _, _ in revisions]) if len(times) > 1 or revisions else None
    group_words = next(g["words"] for g in ctx.groups if g["id"] == groups[0])
    title = rng.choice(texts.DEAL_KINDS).format(g=group_words, o=rng.choice(texts.OBJECTS))
    deals.append({
        "id": deal_id, "title": title[0].upper() + title[1:], "client_id": client.id,
        "owner_id": owner, "stage_id": final["id"], "state": state,
        "amount": Decimal(total) / 100, "probability": final["default_probability"],
        "expected_close_on": expected, "discount_pct": Decimal(discount),
        "lost_reason": reason, "stage_entered_at": ctx.dt(times[-1]),
        "closed_at": ctx.dt(closed) if closed else None, "created_at": ctx.dt(created),
        "updated_at": ctx.dt(touched) if touched is not None else None,
    })
    client.deals.append((deal_id, created, closed or ctx.horizon_ts, final["id"]))


def _expected(ctx: Ctx, rng: random.Random, created: float, moves: list[float], target: float,
              until: float) -> tuple[dt.date, list[tuple[float, dt.date, dt.date]]]:
    """The expected close date a deal has at `until` (its close, or the end of the history),
    and its revisions [(when, old date, new date)].

    `target` is when the deal really closes (or would have, for one still open). The manager
    guesses the time left optimistically; a few days to three weeks after the date passes
    they move it (SLIP) or leave it overdue for good; at a stage move they sometimes revise it.
    """
    def guess(t: float) -> float:
        left = target - t if target - t > 3 * DAY else rng.uniform(7, 30) * DAY
        return t + max(3 * DAY, left * rng.lognormvariate(*GUESS))

    expected = ctx.date(guess(created))
    revisions: list[tuple[float, dt.date, dt.date]] = []
    pending = [m for m in moves if m < until]
    watching, last = True, created
    while True:
        passed = (_ts(expected) + rng.uniform(1, 20) * DAY) if watching else float("inf")
        move = pending[0] if pending else float("inf")
        look = min(passed, move)
        if look >= until:
            break
        if look == move:
            pending.pop(0)
            revise = rng.random() < REVISE_AT_MOVE
        else:
            revise = rng.random() < SLIP
            watching = revise  # left overdue once: nobody looks at it again but at a move
            look = work_time(rng, look)  # in office hours
        look = last = max(look, last + 60)  # after what came before
        if revise and look < until:
            new = ctx.date(guess(look))  # at least three days after `look`
            if new != expected:
                revisions.append((look, expected, new))
                expected = new
            watching = True
    return expected, revisions


def _ts(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()


def _owner(ctx: Ctx, rng: random.Random, client, closed: float | None) -> int:
    """Open deals moved with the client to its new manager; closed ones stay with the old."""
    if client.owner_id is None:
        return rng.choice(ctx.managers)["id"]
    if closed is None or client.prev_owner_id is None:
        return client.owner_id
    return client.owner_on(ctx.date(closed))
