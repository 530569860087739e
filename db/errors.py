"""Errors a business action raises, with a message fit to show a person.

Messages are English message ids with `{named}` placeholders; the UI
translates them (i18n) and fills the placeholders from `params`.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal


class MessageId(str):
    """A parameter that is itself a message id (a field's label): the UI translates it too."""


class Amount(Decimal):
    """A parameter that is a sum of money: the UI shows it with the currency (equal to its Decimal)."""


class DomainError(Exception):
    """Base of every refusal: nothing was written."""

    def __init__(self, message: str, **params):
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


class ValidationError(DomainError):
    """Bad input. `errors` maps a form field to its message id (and params)."""

    def __init__(self, errors: dict[str, str | tuple[str, dict]]):
        self.errors = {
            field: (msg if isinstance(msg, tuple) else (msg, {})) for field, msg in errors.items()
        }
        first_field, (first_msg, first_params) = next(iter(self.errors.items()))
        super().__init__(first_msg, **first_params)
        self.field = first_field


class AccessDenied(DomainError):
    def __init__(self, message: str = "You do not have access to this record.", **params):
        super().__init__(message, **params)


class NotFound(DomainError):
    def __init__(self, message: str = "The record was not found.", **params):
        super().__init__(message, **params)


class StaleRecord(DomainError):
    """The form was loaded before someone else saved the record."""

    def __init__(self, *, changed_by: str | None, changed_at: dt.datetime | None):
        # Say only what is known: never "changed by ? at None".
        if changed_by and changed_at:
            super().__init__("This record was changed by {who} at {when}. Reload it and make your change again.",
                             who=changed_by, when=changed_at)
        elif changed_by:
            super().__init__("This record was changed by {who} in the meantime. Reload it and make your change "
                             "again.", who=changed_by)
        elif changed_at:
            super().__init__("This record was changed by someone else at {when}. Reload it and make your change "
                             "again.", when=changed_at)
        else:
            super().__init__("This record was changed by someone else in the meantime. Reload it and make your "
                             "change again.")
        self.changed_by = changed_by
        self.changed_at = changed_at
