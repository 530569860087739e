"""What an export holds, kind by kind: the viewer's records only, in the import's own columns.

Each statement applies the same access filter as the lists (a manager's export
holds their clients and what hangs on them, nothing else), and names its
columns after the import's fields, so that an exported file imports back as it
is: people by login, clients and products by name or SKU. A reference to a
record outside the viewer's access (a parent company owned by someone else)
is left empty rather than named.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Select, func, null, select
from sqlalchemy.orm import Session, aliased

from db import access
from db.access import Viewer
from db.errors import AccessDenied
from db.models import (
    Client,
    Contact,
    Deal,
    DealLine,
    Department,
    Industry,
    PipelineStage,
    Price,
    PriceType,
    Product,
    ProductGroup,
    Shipment,
    Territory,
    User,
)
from db.models.fields import editable_fields

from .frame import frame

KINDS = ("clients", "contacts", "deals", "shipments", "products", "users", "departments", "prices")


def export_statement(session: Session, viewer: Viewer, *, kind: str) -> Select:
    builders = {"clients": _clients, "contacts": _contacts, "deals": _deals, "shipments": _shipments,
                "products": _products, "users": _users, "departments": _departments, "prices": _prices}
    if kind not in builders:
        raise ValueError(f"unknown export kind {kind!r}")
    return builders[kind](session, viewer)


def export_frame(session: Session, viewer: Viewer, *, kind: str) -> pd.DataFrame:
    """The whole export as a DataFrame (the command line streams the statement instead)."""
    return frame(session, export_statement(session, viewer, kind=kind))


def _clients(session: Session, viewer: Viewer) -> Select:
    scope = access.scope(session, viewer)
    parent, owner = aliased(Client), aliased(User)
    visible_parent = scope.owner_condition(parent.owner_id)
    # The import's columns: every editable field (declared on the model), references by name.
    named = {"industry": Industry.name, "territory": Territory.name, "parent": func.coalesce(parent.inn, parent.name),
             "price_type": PriceType.name}
    fields = [named[spec.ref].label(spec.ref) if spec.ref else getattr(Client, spec.name)
              for spec in editable_fields(Client)]
    return (
        select(Client.external_id, *fields, owner.login.label("owner"), Client.status)
        .outerjoin(Industry, Client.industry_id == Industry.id)
        .outerjoin(Territory, Client.territory_id == Territory.id)
        .outerjoin(PriceType, Client.price_type_id == PriceType.id)
        .outerjoin(owner, Client.owner_id == owner.id)
        .outerjoin(parent, (Client.parent_id == parent.id) & visible_parent)
        .where(scope.clients())
        .order_by(Client.name, Client.id)
    )


def _contacts(session: Session, viewer: Viewer) -> Select:
    # Who the contact reports to, named as the import finds them: id in the file, else e-mail, else name.
    boss = aliased(Contact)
    return (
        select(Contact.external_id, Client.name.label("client"), Contact.full_name, Contact.position,
               Contact.decision_role, Contact.influence, Contact.phone, Contact.email, Contact.birthday,
               Contact.preferences, Contact.character_notes,
               func.coalesce(boss.external_id, boss.email, boss.full_name).label("reports_to"))
        .join(Client, Contact.client_id == Client.id)
        .outerjoin(boss, (Contact.reports_to_id == boss.id) & boss.active.is_(True))
        .where(access.scope(session, viewer).clients(), Contact.active.is_(True))
        .order_by(Client.name, Contact.full_name, Contact.id)
    )


def _deals(session: Session, viewer: Viewer) -> Select:
    """One row per deal line (the deal's own columns repeated), a deal without lines on a row of its own.

    Opened and closed are timestamps: the file writer turns them into company dates."""
    owner = aliased(User)
    return (
        select(Deal.external_id, Deal.title, Client.name.label("client"), owner.login.label("owner"),
               PipelineStage.name.label("stage"), Deal.amount, Deal.probability, Deal.expected_close_on,
               Deal.discount_pct, Deal.lost_reason, Deal.created_at.label("opened_on"),
               Deal.closed_at.label("closed_on"), Product.sku.label("product"), DealLine.quantity,
               DealLine.price, DealLine.discount_pct.label("line_discount_pct"))
        .join(Client, Deal.client_id == Client.id)
        .join(PipelineStage, Deal.stage_id == PipelineStage.id)
        .outerjoin(owner, Deal.owner_id == owner.id)
        .outerjoin(DealLine, DealLine.deal_id == Deal.id)
        .outerjoin(Product, DealLine.product_id == Product.id)
        .where(access.scope(session, viewer).clients())
        .order_by(Deal.id, DealLine.id)
    )


def _shipments(session: Session, viewer: Viewer) -> Select:
    manager = aliased(User)
    return (
        select(Shipment.external_id, Client.name.label("client"), Product.sku.label("product"),
               manager.login.label("manager"), Deal.external_id.label("deal"), Shipment.shipped_on,
               Shipment.quantity, Shipment.amount, Shipment.cost_amount, Shipment.payment_due_on,
               Shipment.amount_paid, Shipment.paid_on)
        .join(Client, Shipment.client_id == Client.id)
        .join(Product, Shipment.product_id == Product.id)
        .outerjoin(manager, Shipment.manager_id == manager.id)
        .outerjoin(Deal, Shipment.deal_id == Deal.id)
        .where(access.scope(session, viewer).clients())
        .order_by(Shipment.shipped_on, Shipment.id)
    )


def _products(session: Session, viewer: Viewer) -> Select:
    # Cost is for margin analysis by heads and above, not on a manager's price list.
    cost = Product.cost if access.sees_cost(viewer) else null()
    return (
        select(Product.sku, Product.name, ProductGroup.name.label("group"), Product.unit, Product.price,
               cost.label("cost"), Product.description, Product.is_new, Product.active)
        .outerjoin(ProductGroup, Product.group_id == ProductGroup.id)
        .order_by(ProductGroup.name, Product.name)
    )


def _users(session: Session, viewer: Viewer) -> Select:
    """The people the viewer leads (a manager: themselves), as the users import reads them."""
    if not access.leads_anyone(viewer):
        raise AccessDenied()
    return (
        select(User.login, User.full_name, User.role, Department.name.label("department"), User.email,
               User.phone, User.hired_on, User.language)
        .outerjoin(Department, User.department_id == Department.id)
        .where(access.team_condition(session, viewer, User.id))
        .order_by(Department.name, User.full_name)
    )


def _departments(session: Session, viewer: Viewer) -> Select:
    if not access.leads_anyone(viewer):
        raise AccessDenied()
    head = aliased(User)
    mine = access.department_condition(viewer)
    return (
        select(Department.name, head.login.label("head"), Department.active)
        .outerjoin(head, Department.head_id == head.id)
        .where(mine)
        .order_by(Department.name)
    )


def _prices(session: Session, viewer: Viewer) -> Select:
    """Every period of every price list (issue 20): common lists, and the contract lists of the clients
    the viewer sees. The columns of the import of kind "prices"."""
    return (
        select(PriceType.name.label("price_type"), Product.sku, Product.name.label("product"), Price.price,
               Price.valid_from, Price.valid_to)
        .join(PriceType, Price.price_type_id == PriceType.id)
        .join(Product, Price.product_id == Product.id)
        .where((PriceType.client_id.is_(None))
               | PriceType.client_id.in_(access.visible_client_ids(session, viewer)))
        .order_by(PriceType.name, Product.sku, Price.valid_from)
    )
