"""Bank requisites for the demo (issue 20): the supplier's own details and the clients' OGRN and bank accounts,
all passing the checks a person's input must pass (db/rules/requisites.py), so an invoice can be issued
from the demo at once.

- The supplier: a Moscow wholesaler of building supplies, VAT 22 %, with an account at Sberbank (unless
  an administrator has already set the company's details: those are kept).
- Most active clients (CLIENT_SHARE) have an OGRN (OGRNIP for a sole trader) and an account in one of
  a few large banks (real BICs and correspondent accounts); the rest are still waiting for theirs,
  as in a real base.

Its own random stream, run after the clients, so nothing else in the demo changes.
"""
from __future__ import annotations

import random

from sqlalchemy import bindparam, select, update

from ..company import COMPANY_KEY
from ..models import Client, Setting
from ..rules.requisites import KEY_POSITION, control_key, settlement_prefix
from .bulk import Writer
from .context import Ctx

CLIENT_SHARE = 0.85
# Real Russian banks: BIC, correspondent account, name.
BANKS = [
    ("044525225", "30101810400000000225", "ПАО Сбербанк"),
    ("044525225", "30101810400000000225", "ПАО Сбербанк"),  # the most common bank, twice as likely
    ("044525593", "30101810200000000593", "АО «Альфа-Банк»"),
    ("044525187", "30101810700000000187", "Банк ВТБ (ПАО)"),
    ("044525974", "30101810145250000974", "АО «ТБанк»"),
    ("044030653", "30101810500000000653", "Северо-Западный банк ПАО Сбербанк"),
]
COMPANY = {
    "name": "СтройОптТорг", "legal_name": "ООО «СтройОптТорг»", "inn": "7701234560", "kpp": "770101001",
    "ogrn": "1157746123457", "address": "109316, г. Москва, Волгоградский проспект, д. 42, корп. 5",
    "phone": "+7 (495) 777-12-34", "email": "sales@stroyopttorg.example", "website": "www.stroyopttorg.example",
    "bank_name": "ПАО Сбербанк", "bic": "044525225", "settlement_account": "40702810438000060473",
    "correspondent_account": "30101810400000000225", "director": "Соколов Андрей Викторович",
    "director_title": "Генеральный директор", "chief_accountant": "Лебедева Марина Сергеевна",
    "vat_rate": "22", "proposal_validity_days": 14,
    "proposal_closing_text": "Цены действительны при оплате в течение срока действия предложения. Доставка по "
                             "Москве и области — нашим транспортом, от 50 000 ₽ бесплатно. Будем рады "
                             "сотрудничеству!",
}


def account(rng: random.Random, bic: str, *, person: bool) -> str:
    """A settlement account in roubles (810) of a company (40702) or a sole trader (40802) at the bank,
    its control key right for the BIC."""
    body = ("40802" if person else "40702") + "810" + "0" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return body[:KEY_POSITION] + str(control_key(settlement_prefix(bic), body)) + body[KEY_POSITION + 1:]


def ogrn(rng: random.Random, inn: str, *, person: bool) -> str:
    """An OGRN (1, year, the INN's region, 7 digits) or OGRNIP (3, year, region, 9 digits) with its check digit."""
    year = f"{rng.randint(2, 23):02d}"
    if person:
        body = "3" + year + inn[:2] + "".join(str(rng.randint(0, 9)) for _ in range(9))
        return body + str(int(body) % 13 % 10)
    body = "1" + year + inn[:2] + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return body + str(int(body) % 11 % 10)


def load(ctx: Ctx, w: Writer) -> None:
    rng = ctx.rng("requisites")
    if w.conn.scalar(select(Setting.key).where(Setting.key == COMPANY_KEY)) is None:  # an admin's are kept
        w.conn.execute(Setting.__table__.insert().values(key=COMPANY_KEY, value=COMPANY))
    rows = []
    for client_id, inn, status in w.conn.execute(select(Client.id, Client.inn, Client.status).order_by(Client.id)):
        if status != "active" or not inn or rng.random() >= CLIENT_SHARE:
            continue
        person = len(inn) == 12
        bic, correspondent, bank = rng.choice(BANKS)
        rows.append({"b_id": client_id, "ogrn": ogrn(rng, inn, person=person), "bank_name": bank, "bic": bic,
                     "settlement_account": account(rng, bic, person=person),
                     "correspondent_account": correspondent})
    table = Client.__table__
    statement = update(table).where(table.c.id == bindparam("b_id")).values(
        ogrn=bindparam("ogrn"), bank_name=bindparam("bank_name"), bic=bindparam("bic"),
        settlement_account=bindparam("settlement_account"), correspondent_account=bindparam("correspondent_account"))
    for begin in range(0, len(rows), 2000):
        w.conn.execute(statement, rows[begin:begin + 2000])
