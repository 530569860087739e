"""How believable the demo is, and what the forecast's backtest says on it (issue 17, "the demo must not flatter").

    CRM_DATABASE_URL=sqlite:////tmp/demo_before.sqlite3 .venv/bin/python -m bench.demo_realism

Loads the small demo into the database (idempotent: an existing small demo is reused; the
database must be empty or hold it), then prints, as the director sees it:

- the forecast backtest of the last twelve months (queries/backtest.py, the forecast page's
  table), basis shipments and won deals: each month's figures and the MAPE of both methods;
- the figures the issue called unbelievable: won deals whose expected close date is their close
  date, the longest an open deal has sat in its stage, each manager's % of plan this month and
  over the last twelve whole months, the XYZ split, client names shared by several clients,
  activities whose outcome contradicts their kind, clients the overdue rule blocks and the
  oldest overdue payment.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import Counter, defaultdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def main() -> int:
    from db import access, config
    from db.demo import load
    from db.models import Activity, Client, Deal, Role, SalesPlan, Shipment, User
    from db.rules import abc as abc_rules
    from db.rules.credit import overdue_block
    from db.session import make_engine
    from queries import backtest as backtest_q
    from queries.abc_report import period
    from queries.plan_actuals import actual_sums, month_start

    url = os.environ.get("CRM_DATABASE_URL") or config.database_url()
    engine = make_engine(url)
    today = access.today()
    started = time.perf_counter()
    summary = load(engine, scale="small", today=today)
    print(f"database {engine.url.render_as_string(hide_password=True)}; today {today}; "
          f"{'loaded' if summary.loaded else 'reused'} in {time.perf_counter() - started:.1f} s")
    with Session(engine) as s:
        director = s.scalar(select(User).where(User.role == "director"))
        viewer = access.Viewer(user_id=director.id, role=Role(director.role), full_name=director.full_name)
        for basis in ("shipments", "won"):
            df = backtest_q.backtest(s, viewer, basis=basis, today=today)
            print(f"\nbacktest, basis {basis}: MAPE {df.attrs['mape']}")
            print(df.to_string(index=False, float_format=lambda v: f"{v:,.0f}"))

        won = s.execute(select(Deal.expected_close_on, Deal.closed_at).where(Deal.state == "won")).all()
        offsets = [(c.date() - e).days for e, c in won if e is not None and c is not None]
        same = sum(1 for o in offsets if o == 0)
        offsets.sort()
        print(f"\nwon deals: {len(won)}; closed on the expected date: {same} ({same / max(1, len(won)):.0%}); "
              f"closed − expected, days: min {offsets[0]}, median {offsets[len(offsets) // 2]}, max {offsets[-1]}; "
              f"late {sum(o > 0 for o in offsets)}, early {sum(o < 0 for o in offsets)}")
        now = dt.datetime.now(dt.UTC)
        idle = sorted((now - t).days for (t,) in s.execute(select(Deal.stage_entered_at).where(Deal.state == "open")))
        print(f"open deals: {len(idle)}; days in the current stage: median {idle[len(idle) // 2]}, max {idle[-1]}; "
              f"over 90: {sum(d > 90 for d in idle)}, over 180: {sum(d > 180 for d in idle)}")
        exp = [e for (e,) in s.execute(select(Deal.expected_close_on).where(Deal.state == "open"))]
        print(f"open deals with the expected date past by over 30 days: "
              f"{sum(1 for e in exp if e and (today - e).days > 30)}")

        managers = {u.id: u.login for u in s.scalars(select(User).where(User.role == "manager"))}
        current = month_start(today)
        year = [month_start(current, k) for k in range(-12, 0)]
        actual = actual_sums(s, basis="shipments", months=[*year, current])
        plans = {(p.user_id, p.month): p.amount
                 for p in s.scalars(select(SalesPlan).where(SalesPlan.user_id.is_not(None)))}
        print(f"\nplan % (shipments), this month ({today.day} days of it) and the last 12 whole months:")
        for uid, login in sorted(managers.items(), key=lambda kv: kv[1]):
            now_plan = plans.get((uid, current))
            now_pct = actual.get((uid, current), Decimal(0)) / now_plan * 100 if now_plan else None
            yp = sum((plans.get((uid, m)) or Decimal(0)) for m in year)
            ya = sum((actual.get((uid, m)) or Decimal(0)) for m in year if plans.get((uid, m)))
            print(f"  {login:<12} month {'—' if now_pct is None else f'{now_pct:,.0f} %':>9}   "
                  f"year {'—' if not yp else f'{ya / yp * 100:,.0f} %':>7}")

        start, end = period(today, 12)
        xyz = abc_rules.client_abc_xyz(s, start=start, end=end)
        print(f"\nXYZ {start}–{end}: {dict(Counter(x if isinstance(x, str) else 'none' for x in xyz['xyz']))}")
        names = Counter(n for (n,) in s.execute(select(Client.name)))
        twins = {n: k for n, k in names.items() if k > 1}
        print(f"client names shared: {len(twins)} {sorted(twins.items(), key=lambda kv: -kv[1])[:8]}")
        kinds: dict[str, Counter] = defaultdict(Counter)
        for kind, outcome in s.execute(select(Activity.kind, Activity.outcome).where(Activity.outcome.is_not(None))):
            kinds[str(kind)][outcome] += 1
        for kind, outcomes in sorted(kinds.items()):
            print(f"  outcomes of {kind}: {dict(outcomes.most_common())}")
        blocked, oldest = 0, 0
        ids = [c for (c,) in s.execute(select(Client.id).where(Client.status == "active"))]
        for cid in ids:
            block = overdue_block(s, cid, today)
            blocked += block is not None
        late = s.execute(select(func.min(Shipment.payment_due_on)).where(
            Shipment.payment_due_on < today, Shipment.amount_paid < Shipment.amount)).scalar()
        if isinstance(late, str):
            late = dt.date.fromisoformat(late)
        oldest = (today - late).days if late else 0
        owing = s.scalar(select(func.count(func.distinct(Shipment.client_id))).where(
            Shipment.payment_due_on < today, Shipment.amount_paid < Shipment.amount))
        print(f"\noverdue: {owing} clients owe past the due date; {blocked} of {len(ids)} active clients blocked "
              f"by the overdue rule; oldest overdue payment {oldest} days")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
