"""What a new company starts with: the funnel's stages, discount caps, lost reasons.

Names are data (an admin renames them), created in the company's default language.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from . import config
from .models import DiscountCap, LostReason, PipelineStage, Role

# name (ru, en), probability %, won, lost, committing
STAGES = [
    (("Лид", "Lead"), 10, False, False, False),
    (("Квалификация", "Qualification"), 20, False, False, False),
    (("Предложение", "Proposal"), 40, False, False, False),
    (("Переговоры", "Negotiation"), 60, False, False, False),
    (("Договор", "Contract"), 80, False, False, True),
    (("Выиграна", "Won"), 100, True, False, True),
    (("Проиграна", "Lost"), 0, False, True, False),
]
DISCOUNT_CAPS = {Role.MANAGER: Decimal("5"), Role.HEAD: Decimal("10"), Role.DIRECTOR: Decimal("20"),
                 Role.ADMIN: Decimal("0")}
LOST_REASONS = [
    ("Цена", "Price"),
    ("Выбрали конкурента", "Chose a competitor"),
    ("Нет бюджета", "No budget"),
    ("Сроки поставки", "Delivery time"),
    ("Нет ответа", "No response"),
    ("Другое", "Other"),
]


def ensure_defaults(session: Session) -> None:
    """Fill each list only when it is empty: never touches what an admin configured."""
    ru = config.default_language() == "ru"
    if not session.scalar(select(exists().where(PipelineStage.id.is_not(None)))):
        for position, (names, probability, won, lost, committing) in enumerate(STAGES, start=1):
            session.add(PipelineStage(name=names[0] if ru else names[1], position=position,
                                      default_probability=probability, is_won=won, is_lost=lost,
                                      is_committing=committing))
    if not session.scalar(select(exists().where(DiscountCap.role.is_not(None)))):
        for role, cap in DISCOUNT_CAPS.items():
            session.add(DiscountCap(role=role.value, max_discount_pct=cap))
    if not session.scalar(select(exists().where(LostReason.id.is_not(None)))):
        for names in LOST_REASONS:
            session.add(LostReason(name=names[0] if ru else names[1]))
