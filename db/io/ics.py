"""One's tasks as an iCalendar (.ics) file, so that they land in the phone's calendar (issue 21).

A task with a time becomes an event from `due_on` + `due_time` (local time in the
company's time zone, db/config.timezone, written with its TZID) for its duration
(DEFAULT_MINUTES when none is set); a task without a time an all-day event on
`due_on`. The UID is the task's id and the site's name, so a calendar that
imports the file again updates the events instead of doubling them.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from icalendar import Calendar, Event

from .. import config

DEFAULT_MINUTES = 30  # a timed task without a duration
PRODID = "-//Sales CRM//Tasks//EN"


def task_uid(task_id: int, domain: str = "sales-crm") -> str:
    return f"task-{int(task_id)}@{domain}"


def _present(value) -> bool:
    return value is not None and value is not pd.NaT and not (isinstance(value, float) and value != value)


def task_event(task, *, tz: dt.tzinfo, stamp: dt.datetime, domain: str = "sales-crm") -> Event:
    """The event of one task row (id, title, due_on, due_time, duration_minutes, description, client)."""
    event = Event()
    event.add("uid", task_uid(task["id"], domain))
    event.add("dtstamp", stamp)
    title = str(task["title"])
    client = task.get("client")
    event.add("summary", f"{title} — {client}" if _present(client) and client else title)
    description = task.get("description")
    if _present(description) and description:
        event.add("description", str(description))
    due_on = pd.Timestamp(task["due_on"]).date()
    at = task.get("due_time")
    if _present(at):
        start = dt.datetime.combine(due_on, at, tzinfo=tz)
        minutes = task.get("duration_minutes")
        minutes = int(minutes) if _present(minutes) else DEFAULT_MINUTES
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=minutes))
    else:
        event.add("dtstart", due_on)
        event.add("dtend", due_on + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # an all-day task does not make one busy all day
    return event


def ics_bytes(tasks: pd.DataFrame, *, name: str, stamp: dt.datetime | None = None,
              domain: str = "sales-crm") -> bytes:
    """The calendar file of these task rows, times in the company's time zone."""
    tz = config.timezone()
    stamp = stamp or dt.datetime.now(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(tz))
    for task in tasks.to_dict("records"):
        calendar.add_component(task_event(task, tz=tz, stamp=stamp, domain=domain))
    if any(_present(at) for at in tasks.get("due_time", [])):
        calendar.add_missing_timezones()  # the VTIMEZONE of the TZID the events name
    return calendar.to_ical()


def invitation_bytes(task, *, organizer: tuple[str, str], attendee: tuple[str, str], sequence: int = 0,
                     stamp: dt.datetime | None = None, domain: str = "sales-crm") -> bytes:
    """A meeting invitation (METHOD:REQUEST) for one timed task row (id, title, due_on, due_time,
    duration_minutes): the organizer and the attendee as (name, e-mail). The UID is the task's,
    and `sequence` grows with each change of the task, so an invitation sent again after a move
    updates the event in the guest's calendar instead of adding a second one. The task's own
    description and client name stay out: they are the company's notes, not the guest's."""
    from icalendar import vCalAddress, vText

    tz = config.timezone()
    stamp = stamp or dt.datetime.now(dt.UTC)
    event = task_event({"id": task["id"], "title": task["title"], "due_on": task["due_on"],
                        "due_time": task["due_time"], "duration_minutes": task["duration_minutes"]},
                       tz=tz, stamp=stamp, domain=domain)
    for role, (name, address) in (("organizer", organizer), ("attendee", attendee)):
        person = vCalAddress(f"mailto:{address}")
        person.params["cn"] = vText(name)
        if role == "attendee":
            person.params.update({"role": vText("REQ-PARTICIPANT"), "partstat": vText("NEEDS-ACTION"),
                                  "rsvp": vText("TRUE")})
        event.add(role, person)
    event.add("sequence", int(sequence))
    event.add("status", "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
