"""Duplicates: a manager's proposal to merge two twins, which a head decides (db/actions/duplicates.py)."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Editable, code


class MergeEntity(StrEnum):
    CLIENT = "client"
    CONTACT = "contact"


class MergeStatus(StrEnum):
    PENDING = "pending"
    MERGED = "merged"
    DISMISSED = "dismissed"  # not twins after all, or one of them merged elsewhere


class MergeProposal(Editable, Base):
    """"These two are one": `merge_id` into `keep_id`, both clients or both contacts (`entity`).

    The ids name a client or a contact by `entity`, so they carry no foreign key;
    a merge closes every pending proposal about the record it archives.
    """

    __tablename__ = "merge_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[MergeEntity] = mapped_column(code(MergeEntity, 10))
    keep_id: Mapped[int] = mapped_column(Integer)
    merge_id: Mapped[int] = mapped_column(Integer)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MergeStatus] = mapped_column(code(MergeStatus, 10), default=MergeStatus.PENDING,
                                                server_default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None]
    comment: Mapped[str | None] = mapped_column(String(2000))

    __table_args__ = (
        CheckConstraint("entity IN ('client', 'contact')", name="entity"),
        CheckConstraint("status IN ('pending', 'merged', 'dismissed')", name="status"),
        CheckConstraint("keep_id <> merge_id", name="two_records"),
        Index("ix_merge_proposals_status_entity", "status", "entity"),
    )
