"""A mailing made: its progress, sending or resuming it, retrying failures, downloading its letters."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from db.errors import DomainError
from db.mailing.documents import letters_csv, letters_docx, letters_of, letters_pdf
from db.actions.mail_runs import archive_mail_run, retry_failed
from db.mailing.sender import log_downloaded, send_run
from i18n import N_
from queries import mail_runs

from . import tables
from .data import loader, run_action
from .export import record_download
from .forms import FormState, flash
from .lang import datetime, error_text, nt, number, t
from .text import md_escape

list_runs = loader(mail_runs.list_runs)
get_run = loader(mail_runs.get_run)
run_letters = loader(mail_runs.run_letters)

STATUS_LABELS = {"pending": N_("To send"), "sending": N_("Sending"), "sent": N_("Sent"), "failed": N_("Failed"),
                 "skipped": N_("Skipped")}
FORMATS = {"pdf": ("PDF", "application/pdf", letters_pdf),
           "docx": ("Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    letters_docx),
           "csv": ("CSV", "text/csv", letters_csv)}


def runs_table() -> int | None:
    """The mailings the viewer may see; the one chosen (a click, or the one just made)."""
    runs = list_runs()
    if runs.empty:
        st.info(t("No mailings yet."))
        return None
    shown = runs.assign(channel=runs["channel"].map(lambda c: t("E-mail") if c == "smtp" else t("Download")))
    event = tables.show(shown, {"name": t("Mailing"), "channel": t("How"), "created_at": t("Made on"),
                                "author": t("Who"), "total": t("Number of letters"), "sent": t("Sent"),
                                "pending": t("To send"), "failed": t("Failed"), "skipped": t("Skipped")},
                        integer=("total", "sent", "pending", "failed", "skipped"),
                        on_select="rerun", selection_mode="single-row", key="mail_runs_table")
    if event.selection.rows:
        st.session_state["mail_run"] = int(runs.iloc[event.selection.rows[0]]["id"])
    chosen = st.session_state.get("mail_run")
    return chosen if chosen in set(runs["id"].astype(int)) else None


def run_view(run_id: int) -> None:
    run = get_run(run_id=run_id)
    st.subheader(md_escape(run.name))
    c = run.counts
    cols = st.columns(5)
    for col, status in zip(cols, ("sent", "pending", "failed", "skipped", "sending"), strict=True):
        col.metric(t(STATUS_LABELS[status]), number(c[status]))
    total = sum(c.values())
    st.progress(c["sent"] / total if total else 0.0,
                text=t("{sent} of {total} letters done.", sent=number(c["sent"]), total=number(total)))
    if run.mine:
        actions(run)
    else:
        st.caption(t("Made by {who}: only they send it.", who=md_escape(run.author)))
    downloads(run)
    letters_table(run_id)


def actions(run: mail_runs.RunInfo) -> None:
    state = FormState(f"mail_run_actions_{run.id}")
    state.top()
    left, mid, right = st.columns(3)
    if run.channel == "smtp" and run.to_send:
        label = t("Resume sending ({n} left)", n=run.to_send) if run.started_at else \
            nt("Send {n} letter", "Send {n} letters", run.to_send)
        if left.button(label, type="primary", icon=":material/send:", key=f"send_{run.id}"):
            send(run.id)
    if run.channel == "download" and run.to_send and left.button(
            t("Log these letters on the clients"), icon=":material/history_edu:", key=f"log_{run.id}",
            help=t("When the letters have gone out by post or another mail tool: each becomes a letter on its "
                   "client's timeline.")):
        bar = st.progress(0.0)
        done = run_action(log_downloaded, run_id=run.id,
                          progress=lambda i, n: bar.progress(i / n, text=t("{done} of {total}", done=i, total=n)))
        flash(nt("{n} letter logged on the clients.", "{n} letters logged on the clients.", done))
        st.rerun()
    if run.counts["failed"] and mid.button(t("Retry the failed letters"), icon=":material/replay:",
                                           key=f"retry_{run.id}"):
        state.submit(retry_failed, t("The failed letters are queued again."), run_id=run.id)
    if right.button(t("Archive the mailing"), icon=":material/archive:", key=f"archive_{run.id}"):
        st.session_state.pop("mail_run", None)
        state.submit(archive_mail_run, t("The mailing is archived."), run_id=run.id)


def send(run_id: int) -> None:
    """Send with a progress bar; closing the page stops between letters, and "Resume" goes on."""
    bar = st.progress(0.0, text=t("Connecting to the mail server…"))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("{done} of {total}", done=done, total=total))

    try:
        report = run_action(send_run, run_id=run_id, progress=progress)
    except DomainError as exc:
        bar.empty()
        st.error(error_text(exc), icon=":material/error:")
        return
    message = t("{sent} letters sent, {failed} failed.", sent=report.sent, failed=report.failed)
    if report.stopped:
        message += " " + t(report.stopped, error=report.stopped_error)
    flash(message)
    st.rerun()


def downloads(run: mail_runs.RunInfo) -> None:
    st.markdown(f"**{t('Download the letters')}**")
    with st.container(border=True):
        c1, c2 = st.columns([2, 1])
        kind = c1.radio(t("Format"), list(FORMATS), horizontal=True, format_func=lambda k: FORMATS[k][0],
                        key=f"mail_format_{run.id}")
        key = f"mail_file_{run.id}_{kind}"
        if c2.button(t("Prepare the file"), key=f"prepare_{run.id}"):
            letters = run_letters(run_id=run.id)
            letters = letters[letters["status"] != "skipped"] if run.channel == "download" else letters
            rows = letters_of(letters)
            try:
                st.session_state[key] = FORMATS[kind][2](rows)
            except DomainError as exc:
                st.error(error_text(exc), icon=":material/error:")
        if st.session_state.get(key):
            st.download_button(t("Download"), st.session_state[key], file_name=f"mailing-{run.id}.{kind}",
                               mime=FORMATS[kind][1], icon=":material/download:", key=f"get_{key}",
                               on_click=record_download, args=(f"mailing-{run.id}", run_letter_count(run), kind))


def run_letter_count(run: mail_runs.RunInfo) -> int:
    letters = run_letters(run_id=run.id)
    return int((letters["status"] != "skipped").sum()) if run.channel == "download" else len(letters)


def letters_table(run_id: int) -> None:
    letters = run_letters(run_id=run_id)
    if letters.empty:
        return
    shown = letters.assign(status=letters["status"].map(lambda s: t(STATUS_LABELS.get(s, s))),
                           error=letters["error"].map(lambda e: t(e) if isinstance(e, str) and e else ""),
                           sent_at=letters["sent_at"].map(lambda d: datetime(d) if not pd.isna(d) else "—"))
    tables.show(shown, {"client": t("Client"), "to_address": t("E-mail"), "subject": t("Subject"),
                        "status": t("Status"), "sent_at": t("Sent"), "error": t("What went wrong")})
