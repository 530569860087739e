"""Immediate mail about approvals (issue 21), queued inside the action that asks or decides.

- a request asked (a discount above the cap, a move past the credit limit): to the people who
  decide it (db/rules/approvals.deciders — the same rule as the approvals list's "who decides": a head
  of the client's department before the director, never the requester unless they decide their own);
- a request decided: to the person who asked, unless they decided it themselves.

Only to active users with an e-mail address who keep "E-mail me about approvals" on, never to the
person who acted, each in the reader's language. The letters only join the queue (db/mailing/outbox.py):
the cron command sends them, so the page that asked never waits for the mail server.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import N_, translate
from i18n import formatting as fmt

from .. import access, config
from ..access import Viewer
from ..mailing.outbox import enqueue
from ..models import ApprovalKind, ApprovalRequest, ApprovalStatus, Client, Deal, PipelineStage, User
from ..rules import approvals as rules

FOOTER = N_("This letter was sent by the CRM. You get such letters because \u201cE-mail me about approvals\u201d is "
          "on in your profile.")


def _recipient(session: Session, user_id: int | None, actor: Viewer | None) -> User | None:
    if user_id is None or (actor is not None and actor.user_id == user_id):
        return None
    user = session.get(User, user_id)
    if user is None or not user.active or not user.email_notifications or not (user.email or "").strip():
        return None
    return user


def _lang(user: User) -> str:
    return user.language if user.language in ("ru", "en") else config.default_language()


def _what(session: Session, request: ApprovalRequest, deal: Deal, client: Client, lang: str) -> str:
    """The request in a sentence: "a discount of 15 % on the deal «…» of …"."""
    amount = fmt.money(deal.amount, lang, config.currency())
    if request.kind == ApprovalKind.DISCOUNT:
        pct = fmt.percent(rules.asked_pct(request.kind, request.payload), lang, 1)
        return translate("a discount of {pct} on the deal \u00ab{deal}\u00bb of {client} ({amount})", lang,
                         pct=pct, deal=deal.title, client=client.name, amount=amount)
    payload = request.payload or {}
    stage = session.scalar(select(PipelineStage.name).where(PipelineStage.id == payload.get("to_stage_id")))
    return translate("moving the deal \u00ab{deal}\u00bb of {client} ({amount}) to \u00ab{stage}\u00bb past the "
                     "client's credit limit of {limit} (exposure {exposure})", lang, deal=deal.title,
                     client=client.name, amount=amount, stage=stage or "?",
                     limit=fmt.money(payload.get("limit"), lang, config.currency()),
                     exposure=fmt.money(payload.get("exposure"), lang, config.currency()))


def approval_asked(session: Session, actor: Viewer | None, request: ApprovalRequest) -> int:
    """Queue a letter to each person who decides the request; how many were queued."""
    deal = session.get_one(Deal, request.deal_id)
    client = session.get_one(Client, deal.client_id)
    asker = session.get(User, request.requested_by_id)
    people = rules.deciders(session, kind=request.kind, asked=rules.asked_pct(request.kind, request.payload),
                            requested_by_id=request.requested_by_id, owner_id=client.owner_id)
    queued = 0
    for person in people:
        user = _recipient(session, person.user_id, actor)
        if user is None:
            continue
        lang = _lang(user)
        what = _what(session, request, deal, client, lang)
        body = "\n\n".join([
            translate("{who} asks for your approval: {what}.", lang, who=asker.full_name if asker else "?", what=what),
            translate("Decide it in the CRM, on the page \u201cApprovals\u201d.", lang),
            translate(FOOTER, lang)])
        subject = translate("Approval asked: {deal} ({client})", lang, deal=deal.title, client=client.name)
        if enqueue(session, kind="approval_asked", to_address=user.email or "", subject=subject, body=body,
                   user_id=user.id, key=f"approval_asked:{request.id}:{user.id}") is not None:
            queued += 1
    return queued


def approval_decided(session: Session, actor: Viewer | None, request: ApprovalRequest) -> int:
    """Queue a letter to the person who asked (not when they decided it themselves); 0 or 1."""
    user = _recipient(session, request.requested_by_id, actor)
    if user is None or request.decided_by_id == request.requested_by_id or request.status == ApprovalStatus.PENDING:
        return 0
    deal = session.get_one(Deal, request.deal_id)
    client = session.get_one(Client, deal.client_id)
    reader = Viewer(user_id=user.id, role=user.role, full_name=user.full_name)
    if not access.scope(session, reader).allows_owner(client.owner_id):
        return 0  # the client went to someone else meanwhile: not a word about it
    decider = session.get(User, request.decided_by_id) if request.decided_by_id else None
    lang = _lang(user)
    what = _what(session, request, deal, client, lang)
    who = decider.full_name if decider else "?"
    if request.status == ApprovalStatus.APPROVED:
        subject = translate("Approved: {deal} ({client})", lang, deal=deal.title, client=client.name)
        lines = [translate("{who} approved your request: {what}.", lang, who=who, what=what)]
    else:
        subject = translate("Rejected: {deal} ({client})", lang, deal=deal.title, client=client.name)
        lines = [translate("{who} rejected your request: {what}.", lang, who=who, what=what)]
    if request.comment:
        lines.append(translate("Comment: {comment}", lang, comment=request.comment))
    lines.append(translate(FOOTER, lang))
    queued = enqueue(session, kind="approval_decided", to_address=user.email or "", subject=subject,
                     body="\n\n".join(lines), user_id=user.id, key=f"approval_decided:{request.id}")
    return 0 if queued is None else 1
