"""The company's details as the "Company details" page reads them (db/company.py holds the defaults)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import access
from db.access import Can, Viewer
from db.company import COMPANY_KEY, LOGO_KEY, CompanyDetails, Logo, company_details, company_logo
from db.models import Setting


@dataclass(frozen=True)
class CompanyView:
    details: CompanyDetails
    logo: Logo | None
    may_edit: bool  # the admin; the director reads them
    versions: dict[str, dt.datetime | None]  # when each setting was saved: the forms' stale check


def company_settings(session: Session, viewer: Viewer) -> CompanyView:
    rows = session.execute(select(Setting.key, Setting.updated_at).where(Setting.key.in_([COMPANY_KEY, LOGO_KEY])))
    return CompanyView(details=company_details(session), logo=company_logo(session),
                       may_edit=access.can(viewer, Can.CONFIGURE), versions={key: at for key, at in rows})
