"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the mail-merge tests."""
from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from sqlalchemy.orm import Session

from db.models import Setting


@dataclass
class Inbox:
    messages: list = field(default_factory=list)  # email.message.EmailMessage
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def to(self) -> list[str]:
        return [m["To"].addresses[0].addr_spec for m in self.messages]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def configure_smtp(session: Session, port: int, **extra) -> None:
    """Point the CRM at the loopback server (no TLS, no login) and commit."""
    value = {"host": "127.0.0.1", "port": port, "security": "none", "from_address": "sales@crm.example",
             "from_name": "Отдел продаж"} | extra
    row = session.get(Setting, "smtp")
    if row is None:
        session.add(Setting(key="smtp", value=value))
    else:
        row.value = value
    session.commit()
