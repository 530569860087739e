"""What every generator step shares: the scale, the seeded randomness, the date anchor, and
the facts earlier steps produced (ids, owners, prices) that later steps build on."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from .. import config

SEED = 20240917  # fixed: the same scale always gives the same data


@dataclass(frozen=True)
class Scale:
    """Row targets; the people of each scale are in org.DEPARTMENTS."""

    name: str
    clients: int
    deals: int
    shipments: int  # shipment lines
    activities: int
    tasks: int
    holdings: int  # holding parents


SCALES: dict[str, Scale] = {
    "small": Scale("small", 600, 2_000, 10_000, 6_000, 800, 40),
    "large": Scale("large", 20_000, 200_000, 1_000_000, 300_000, 24_000, 1_300),
}

DAY = 86_400.0
WINDOW_DAYS = 730  # two years of history


@dataclass(slots=True)
class ClientInfo:
    """What later steps need to know about a generated client."""

    id: int
    name: str
    owner_id: int | None
    prev_owner_id: int | None  # who had the client before `owner_since`
    owner_since: dt.date | None
    segment: str
    industry: str
    groups: list[int]  # product group ids the client buys regularly
    deferral: int
    reliability: int  # 0 good payer, 1 so-so, 2 poor
    active_from: float  # epoch seconds: became a client (within or before the window)
    active_to: float  # epoch seconds: archived, or the horizon
    archived: bool
    domain: str = "mail.example"
    contacts: list[tuple[int, str]] = field(default_factory=list)  # (id, full name)
    deals: list[tuple[int, float, float, int]] = field(default_factory=list)  # id, from, to, stage

    def owner_on(self, when: dt.date) -> int | None:
        if self.prev_owner_id is not None and self.owner_since and when < self.owner_since:
            return self.prev_owner_id
        return self.owner_id


@dataclass(slots=True)
class ProductInfo:
    id: int
    group_id: int
    price_kop: int
    cost_kop: int | None
    fractional: bool  # sold in fractions (tonnes): quantity with decimals


_Date = dt.date  # Ctx's methods dt() and date() shadow these names in its class body


class Ctx:
    def __init__(self, scale: Scale, *, today: dt.date, seed: int = SEED):
        self.scale = scale
        self.seed = seed
        self.today = today
        # Everything generated happened before today began in the company's time zone,
        # so nothing lies in the future whenever during the day the demo is loaded.
        midnight = dt.datetime.combine(today, dt.time(), config.timezone())
        self.horizon = midnight.astimezone(dt.UTC)
        self.horizon_ts = self.horizon.timestamp()
        self.window_start = today - dt.timedelta(days=WINDOW_DAYS)
        self.window_ts = self.horizon_ts - WINDOW_DAYS * DAY
        self.faker = Faker("ru_RU")
        self.faker.seed_instance(seed)
        # filled by the steps, in order
        self.users: list[dict] = []
        self.managers: list[dict] = []
        self.departments: list[dict] = []
        self.regions: list[dict] = []  # region nodes with their leaves and codes
        self.industries: dict[str, int] = {}
        self.groups: list[dict] = []
        self.products: list[ProductInfo] = []
        self.products_by_group: dict[int, list[ProductInfo]] = {}
        self.open_stages: list[dict] = []
        self.won_stage: dict = {}
        self.lost_stage: dict = {}
        self.lost_reasons: list[str] = []
        self.no_response = ""  # the lost reason of deals that went quiet
        self.manager_cap = 0  # the largest discount a manager gives without approval
        self.clients: list[ClientInfo] = []
        self.birthdays: list[tuple[int, int, str, dt.date]] = []  # client, contact, name, day
        self.deal_shipments: dict[int, list[tuple]] = {}  # client id -> shipments of won deals
        self.won_at: dict[int, float] = {}  # won deal id -> when it was won
        self.portfolio_month_kop: dict[int, int] = {}  # owner id -> typical monthly sales
        self.month_kop: dict[tuple[int, dt.date], int] = {}  # (manager id, month) -> shipped

    def rng(self, name: str) -> random.Random:
        """An independent random stream per domain: changing one leaves the others alone."""
        return random.Random(f"{self.seed}:{self.scale.name}:{name}")

    def dt(self, ts: float) -> dt.datetime:
        return dt.datetime.fromtimestamp(ts, dt.UTC)

    def date(self, ts: float) -> _Date:
        return dt.datetime.fromtimestamp(ts, dt.UTC).date()


def month_start(day: dt.date, shift: int = 0) -> dt.date:
    """The first day of the month `shift` months after the month of `day`."""
    n = day.year * 12 + day.month - 1 + shift
    return dt.date(n // 12, n % 12 + 1, 1)


# Building supplies sell by the season: how busy each month is (1 = peak).
SEASON = {1: 0.55, 2: 0.65, 3: 0.8, 4: 0.95, 5: 1.0, 6: 1.0, 7: 1.0, 8: 1.0, 9: 0.95,
          10: 0.9, 11: 0.8, 12: 0.75}


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for non-negative integers."""
    return (2 * numerator + denominator) // (2 * denominator)
