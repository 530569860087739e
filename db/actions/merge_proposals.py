"""Proposals about twins: a manager's "these two are one" (`propose_merge`), which those who may merge
merge (db/actions/duplicates.py) or dismiss (`dismiss_merge`), and "not twins" (`mark_not_twins`):
records alike that are different, remembered as dismissed pairs the duplicates view no longer links."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, require, require_client
from ..errors import DomainError, NotFound
from ..models import MergeEntity, MergeProposal, MergeStatus, utcnow
from .base import apply_changes, audit, business_action, check_version, created, touch
from .contacts import contact_in_view
from .duplicates import MAX_TWINS
from ..rules.validate import Checks


def _check_pair(session: Session, viewer: Viewer, entity: MergeEntity, keep_id: int, merge_id: int) -> None:
    """Both records exist, are in the viewer's access and are not merged yet (contacts: of one client)."""
    if entity == MergeEntity.CLIENT:
        records: list = [require_client(session, viewer, keep_id), require_client(session, viewer, merge_id)]
    else:
        records = [contact_in_view(session, viewer, keep_id), contact_in_view(session, viewer, merge_id)]
        if records[0].client_id != records[1].client_id:
            raise DomainError("Only contacts of one client are merged: merge the clients first.")
    if any(r.merged_into_id is not None for r in records):
        raise DomainError("One of the two was already merged.")


@business_action
def propose_merge(session: Session, viewer: Viewer, *, entity: str, keep_id: int, merge_id: int,
                  note: str | None = None) -> MergeProposal:
    """A manager's "these two are one": a head (or the director, the admin) merges or dismisses it."""
    require(viewer, Can.PROPOSE_MERGE)
    kind = MergeEntity(entity)
    if keep_id == merge_id:
        raise DomainError("Choose two different records.")
    _check_pair(session, viewer, kind, keep_id, merge_id)
    v = Checks()
    note = v.text("note", note, max_len=2000, multiline=True)
    v.raise_if_any()
    pair = [keep_id, merge_id]
    if session.scalar(select(MergeProposal.id).where(
            MergeProposal.entity == kind, MergeProposal.status == MergeStatus.PENDING,
            MergeProposal.keep_id.in_(pair), MergeProposal.merge_id.in_(pair))) is not None:
        raise DomainError("This merge is already proposed: it waits for your head.")
    proposal = MergeProposal(entity=kind, keep_id=keep_id, merge_id=merge_id, note=note,
                             proposed_by_id=viewer.person_id)
    session.add(proposal)
    session.flush()
    audit(session, viewer, action="propose_merge", entity="merge_proposal", entity_id=proposal.id,
          changes=created({"entity": kind.value, "keep_id": keep_id, "merge_id": merge_id, "note": note}))
    return proposal


@business_action
def dismiss_merge(session: Session, viewer: Viewer, *, proposal_id: int, expected_version: int | None,
                  comment: str | None = None) -> MergeProposal:
    """Not twins after all: the proposal is closed and nothing else changes."""
    require(viewer, Can.MERGE_DUPLICATES)
    proposal = session.get(MergeProposal, proposal_id)
    if proposal is None:
        raise NotFound("The proposal was not found.")
    _check_pair(session, viewer, proposal.entity, proposal.keep_id, proposal.merge_id)
    check_version(session, proposal, expected_version)
    if proposal.status != MergeStatus.PENDING:
        raise DomainError("This proposal has already been decided.")
    v = Checks()
    comment = v.text("comment", comment, max_len=2000, multiline=True)
    v.raise_if_any()
    changes = apply_changes(proposal, {"status": MergeStatus.DISMISSED, "decided_by_id": viewer.user_id,
                                       "decided_at": utcnow(), "comment": comment})
    touch(proposal, viewer)
    audit(session, viewer, action="dismiss_merge", entity="merge_proposal", entity_id=proposal.id, changes=changes)
    return proposal


@business_action
def mark_not_twins(session: Session, viewer: Viewer, *, entity: str, ids: Sequence[int],
                   comment: str | None = None) -> int:
    """"These look alike but are different": every pair of the records is remembered as dismissed
    (a closed proposal), so the duplicates view no longer links them. Returns the pairs newly marked."""
    require(viewer, Can.MERGE_DUPLICATES)
    kind = MergeEntity(entity)
    records = sorted(dict.fromkeys(int(i) for i in ids))
    if len(records) < 2:
        raise DomainError("Choose two different records.")
    if len(records) > MAX_TWINS:
        raise DomainError("At most {n} records are merged at once.", n=MAX_TWINS)
    for other in records[1:]:
        _check_pair(session, viewer, kind, records[0], other)
    v = Checks()
    comment = v.text("comment", comment, max_len=2000, multiline=True)
    v.raise_if_any()
    known = {(p.keep_id, p.merge_id): p for p in session.scalars(select(MergeProposal).where(
        MergeProposal.entity == kind, MergeProposal.keep_id.in_(records), MergeProposal.merge_id.in_(records)))}
    now, marked = utcnow(), 0
    for n, a in enumerate(records):
        for b in records[n + 1:]:
            pending = [p for p in (known.get((a, b)), known.get((b, a))) if p is not None]
            if any(p.status == MergeStatus.DISMISSED for p in pending):
                continue
            for p in pending:  # a manager's proposal about the pair: answered
                apply_changes(p, {"status": MergeStatus.DISMISSED, "decided_by_id": viewer.user_id,
                                  "decided_at": now, "comment": comment})
                touch(p, viewer)
            if not pending:
                session.add(MergeProposal(entity=kind, keep_id=a, merge_id=b, proposed_by_id=viewer.person_id,
                                          status=MergeStatus.DISMISSED, decided_by_id=viewer.user_id,
                                          decided_at=now, comment=comment))
            marked += 1
    audit(session, viewer, action="mark_not_twins", entity=kind.value, entity_id=records[0],
          changes={"ids": (None, records), "pairs": (None, marked),
                   **({"comment": (None, comment)} if comment else {})})
    return marked
