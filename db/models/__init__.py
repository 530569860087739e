"""Every table of the CRM. Import models from here: `from db.models import Client`.

Kept free of streamlit: Alembic and the command-line tools import it.
"""
from .base import Base, utcnow
from .catalog import Product, ProductDocument, ProductGroup
from .clients import (
    Activity,
    ActivityKind,
    Client,
    ClientStatus,
    Contact,
    DecisionRole,
    SizeSegment,
    Task,
)
from .documents import Document, DocumentCounter, DocumentKind, DocumentStatus, Price, PriceType, PriceTypeKind
from .mailing import MailLetter, MailLetterStatus, MailRun
from .merging import MergeEntity, MergeProposal, MergeStatus
from .notifications import Notification, OutgoingMail, OutgoingMailStatus
from .org import Department, Industry, Role, StandIn, Territory, TerritoryKind, User
from .plans import AssignmentRule, CommissionScheme, CommissionTier, DiscountCap, SalesPlan
from .sales import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Deal,
    DealLine,
    DealStageChange,
    DealState,
    LostReason,
    PipelineStage,
    Shipment,
)
from .sessions import SignInFailure, UserSession
from .system import AuditEntry, DataGeneration, ImportMapping, Setting

__all__ = [
    "Activity", "ActivityKind", "ApprovalKind", "ApprovalRequest", "ApprovalStatus", "AssignmentRule", "AuditEntry",
    "Base", "Client", "ClientStatus", "CommissionScheme", "CommissionTier", "Contact", "DataGeneration", "Deal",
    "DealLine", "DealStageChange", "DealState", "DecisionRole", "Department", "DiscountCap", "Document",
    "DocumentCounter", "DocumentKind", "DocumentStatus", "ImportMapping", "Industry", "LostReason", "MailLetter",
    "MailLetterStatus", "MailRun", "MergeEntity", "MergeProposal", "MergeStatus", "Notification", "OutgoingMail",
    "OutgoingMailStatus", "PipelineStage", "Price", "PriceType", "PriceTypeKind", "Product", "ProductDocument",
    "ProductGroup", "Role", "SalesPlan", "Setting", "Shipment", "SignInFailure", "SizeSegment", "StandIn", "Task",
    "Territory", "TerritoryKind", "User", "UserSession", "utcnow",
]
