"""The administrator's funnel settings: stages (order, probability, kind) and discount caps.

A stage's won/lost kind cannot change once deals were in it: deals keep
their state in step with their stage's flags. A stage with open deals
cannot be switched off. The funnel always keeps an open, a won and a lost
stage. New probabilities apply to the moves made from then on.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..access import Can, Viewer, discount_roles, require
from ..errors import NotFound
from ..models import Deal, DealStageChange, DealState, DiscountCap, PipelineStage
from .base import apply_changes, audit, business_action, check_version, created, touch
from .stage_history import refresh_advanced
from ..rules.validate import Checks

CAP_ROLES = discount_roles()  # the roles that give discounts


@business_action
def save_stage(session: Session, viewer: Viewer, *, stage_id: int | None = None, expected_version: int | None = None,
               name: str, position: int, default_probability: int, is_won: bool = False, is_lost: bool = False,
               is_committing: bool = False, active: bool = True) -> PipelineStage:
    """Create a stage (no `stage_id`) or change one; `position` puts it at that place in the order."""
    require(viewer, Can.CONFIGURE)
    stages = list(session.scalars(select(PipelineStage).order_by(PipelineStage.position, PipelineStage.id)))
    stage = None
    if stage_id is not None:
        stage = next((s for s in stages if s.id == stage_id), None)
        if stage is None:
            raise NotFound("The stage was not found.")
        check_version(session, stage, expected_version)
    v = Checks()
    checked_name = v.text("name", name, max_len=200, required=True)
    probability = v.integer("default_probability", default_probability, minimum=0, maximum=100, required=True)
    values: dict[str, object] = {
        "name": checked_name, "default_probability": probability,
        "is_won": bool(is_won), "is_lost": bool(is_lost), "is_committing": bool(is_committing),
        "active": bool(active),
    }
    place = v.integer("position", position, minimum=1, maximum=len(stages) + (0 if stage else 1), required=True)
    if checked_name and any(s.name.casefold() == checked_name.casefold() and s is not stage for s in stages):
        v.fail("name", "A stage with this name exists.")
    if is_won and is_lost:
        v.fail("is_lost", "A stage cannot be both won and lost.")
    elif is_won and probability not in (None, 100):
        v.fail("default_probability", "A won stage has the probability 100 %.")
    elif is_lost and probability not in (None, 0):
        v.fail("default_probability", "A lost stage has the probability 0 %.")
    if stage is not None:
        _check_existing(session, v, stage, values)
    _check_funnel_stays_whole(v, stages, stage, values)
    v.raise_if_any()
    assert place is not None  # required: refused above otherwise
    if stage is None:
        stage = PipelineStage(position=0, **values)
        session.add(stage)
        session.flush()
        changes = created(values)
    else:
        changes = apply_changes(stage, values)
    order = [s for s in stages if s is not stage]
    order.insert(place - 1, stage)
    moved = {}
    for number, s in enumerate(order, start=1):
        if s.position != number:
            moved[s.name] = (s.position or None, number)
            s.position = number
            touch(s, viewer)
    if [s.id for s in stages] != [s.id for s in order if s.id in {x.id for x in stages}]:
        session.flush()
        refresh_advanced(session)  # "went further" depends on the order of the stages
    if changes or moved:
        touch(stage, viewer)
        if moved:
            changes["positions"] = ({k: old for k, (old, _new) in moved.items()},
                                    {k: new for k, (_old, new) in moved.items()})
        audit(session, viewer, action="save_stage", entity="pipeline_stage", entity_id=stage.id, changes=changes)
    return stage


def _check_existing(session: Session, v: Checks, stage: PipelineStage, values: dict) -> None:
    if (values["is_won"], values["is_lost"]) != (stage.is_won, stage.is_lost):
        used = session.scalar(select(func.count()).select_from(DealStageChange)
                              .where(DealStageChange.to_stage_id == stage.id))
        if used:
            v.fail("is_won", "Deals have been at this stage, so whether it means won or lost cannot change. "
                             "Add a new stage instead.")
    if stage.active and not values["active"]:
        open_deals = session.scalar(select(func.count(Deal.id)).where(Deal.stage_id == stage.id,
                                                                      Deal.state == DealState.OPEN))
        if open_deals:
            v.fail("active", "{n} open deals are at this stage: move them before switching it off.", n=open_deals)


def _check_funnel_stays_whole(v: Checks, stages: list[PipelineStage], stage: PipelineStage | None,
                              values: dict) -> None:
    kinds = [(s.is_won, s.is_lost) for s in stages if s is not stage and s.active]
    if values["active"]:
        kinds.append((values["is_won"], values["is_lost"]))
    if not any(not won and not lost for won, lost in kinds):
        v.fail("active", "The funnel needs at least one active open stage.")
    elif not any(won for won, _lost in kinds):
        v.fail("active", "The funnel needs an active won stage.")
    elif not any(lost for _won, lost in kinds):
        v.fail("active", "The funnel needs an active lost stage.")


@business_action
def set_discount_caps(session: Session, viewer: Viewer, *, caps: dict[str, object],
                      expected_versions: dict[str, int] | None = None) -> list[DiscountCap]:
    """The largest discount each role may give without approval, in percent."""
    require(viewer, Can.CONFIGURE)
    v = Checks()
    checked = {}
    for role, value in caps.items():
        if role not in {r.value for r in CAP_ROLES}:
            raise NotFound("The role was not found.")
        checked[role] = v.percent(role, value, required=True)
    v.raise_if_any()
    saved = []
    for role, pct in checked.items():
        assert pct is not None  # required: refused above otherwise
        cap = session.get(DiscountCap, role)
        if cap is None:
            cap = DiscountCap(role=role, max_discount_pct=pct)
            session.add(cap)
            changes = {"max_discount_pct": (None, pct)}
        else:
            check_version(session, cap, (expected_versions or {}).get(role))
            changes = apply_changes(cap, {"max_discount_pct": Decimal(pct)})
            if changes:
                touch(cap, viewer)
        if changes:
            audit(session, viewer, action="set_discount_cap", entity="discount_cap", entity_id=role, changes=changes)
        saved.append(cap)
    return saved
