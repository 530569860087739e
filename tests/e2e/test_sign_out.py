"""Sign-out ends the sign-in for good, and nothing of the person stays in the tab (issue 15, items 1-3)."""
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.access import Viewer
from db.actions.users import deactivate_user, reactivate_user, reset_password
from db.models import Role, User
from db.session import write_session
from ui.auth import COOKIE_NAME
from ui.navigation import pages_for

from .helpers import sidebar_links, sign_in, wait_idle


def _session_cookies(page: Page) -> list[dict]:
    return [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]


def _signed_out(page: Page) -> None:
    # .first: while a run redraws the form, the previous run's copy can still be on screen.
    expect(page.get_by_role("textbox", name="Password", exact=True).first).to_be_visible()
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Password", exact=True)).to_have_count(1)


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    wait_idle(page)


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    _signed_out(page)
    wait_idle(page)


def test_sign_out_survives_a_reload_and_a_deep_link(server, page, seeded):
    sign_in(page, server, "director")
    expect(page.get_by_text("The company this month")).to_be_visible()
    assert _session_cookies(page)
    _sign_out(page)
    # The cookie is gone from the browser (the run that deleted it reached the browser)...
    page.wait_for_function(f"() => !document.cookie.includes('{COOKIE_NAME}=')")
    assert _session_cookies(page) == []
    # ...so neither a reload nor a deep link signs the director back in.
    page.reload()
    page.wait_for_load_state("networkidle")
    wait_idle(page)
    _signed_out(page)
    for path in ("clients", "funnel", "profile"):
        _open(page, f"{server}/{path}")
        _signed_out(page)
        expect(page.get_by_text("The company this month")).to_have_count(0)


def test_a_cookie_copied_before_sign_out_is_dead_in_a_fresh_browser(server, page, seeded, browser):
    sign_in(page, server, "director")
    copied = _session_cookies(page)
    assert copied
    _sign_out(page)
    other = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        other.add_cookies([{k: c[k] for k in ("name", "value", "domain", "path")} for c in copied])
        tab = other.new_page()
        _open(tab, f"{server}/clients")
        _signed_out(tab)
    finally:
        other.close()


def _admin(engine) -> Viewer:
    with Session(engine) as s:
        return Viewer(user_id=s.scalar(select(User.id).where(User.login == "admin")), role=Role.ADMIN)


def _user(engine, login) -> User:
    with Session(engine) as s:
        return s.scalar(select(User).where(User.login == login))


def _copied_cookie_opens(browser, server, cookies) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.add_cookies([{k: c[k] for k in ("name", "value", "domain", "path")} for c in cookies])
    tab = context.new_page()
    _open(tab, server)
    return tab


def test_an_admins_password_reset_ends_the_open_tab_and_the_cookie(server, page, seeded, engine, browser):
    sign_in(page, server, "mgr_c")
    expect(page.get_by_role("heading", name="Hello, Vera")).to_be_visible()
    copied = _session_cookies(page)
    with write_session(engine) as s:
        reset_password(s, _admin(engine), user_id=_user(engine, "mgr_c").id, new_password="fresh-password-7")
    # The tab kept open is signed out on its next interaction...
    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text="Clients").click()
    _signed_out(page)
    expect(page.get_by_text("Your session has ended. Sign in again.")).to_be_visible()
    # ...and the cookie copied before is refused in a fresh browser.
    tab = _copied_cookie_opens(browser, server, copied)
    _signed_out(tab)
    tab.context.close()


def test_deactivate_and_reactivate_leave_the_old_session_dead(server, page, seeded, engine, browser):
    sign_in(page, server, "mgr_b")
    expect(page.get_by_role("heading", name="Hello, Boris")).to_be_visible()
    copied = _session_cookies(page)
    page.goto("about:blank")  # the tab lets go of the app (the fixture closes it)
    user = _user(engine, "mgr_b")
    with Session(engine) as s:  # Boris holds clients; hand-over is another feature: free him for the test
        from db.models import Client, Deal, Task

        for model, column in ((Client, Client.owner_id), (Deal, Deal.owner_id), (Task, Task.assignee_id)):
            s.execute(model.__table__.update().where(column == user.id).values({column.key: _user(engine, "mgr_a").id}))
        s.commit()
    with write_session(engine) as s:
        deactivate_user(s, _admin(engine), user_id=user.id, expected_version=user.version)
    with write_session(engine) as s:
        reactivate_user(s, _admin(engine), user_id=user.id)
    tab = _copied_cookie_opens(browser, server, copied)
    _signed_out(tab)
    tab.context.close()


def test_the_next_person_in_the_tab_gets_nothing_of_the_previous_one(server, page, seeded):
    """A head makes labels of the department's clients (Boris's among them), signs out; Anna signs in
    in the same tab: no page and no download of hers carries the head's labels or Boris's clients."""
    sign_in(page, server, "head_n")
    _open(page, f"{server}/mailing")
    # A head's whole base starts unticked (no letter or label to every client by one slip).
    page.get_by_text("Include all", exact=False).first.click()
    wait_idle(page)
    page.get_by_role("button", name="Make the labels").click()
    download = page.get_by_role("button", name="Download the labels (PDF)")
    expect(download).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Бета Торг").first).to_be_attached()  # Boris's client is on the head's list
    _sign_out(page)

    sign_in(page, server, "mgr_a")
    expect(page.get_by_role("heading", name="Hello, Anna")).to_be_visible()
    for title in sidebar_links(page):
        page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=title).first.click()
        wait_idle(page)
        expect(page.get_by_role("textbox", name="Password", exact=True)).to_have_count(0)
        expect(page.get_by_role("button", name="Download the labels (PDF)")).to_have_count(0)
        expect(page.get_by_text("labels on")).to_have_count(0)  # the head's "N labels on M sheets."
        for tab in page.get_by_role("tab").all():  # every tab of the page, not only the open one
            tab.click()
            wait_idle(page)
            expect(page.get_by_text("Бета Торг")).to_have_count(0)
        expect(page.get_by_text("Бета Торг")).to_have_count(0)
    wait_idle(page)
    expect(page.get_by_role("textbox", name="Password", exact=True)).to_have_count(0)  # still Anna's
    assert set(sidebar_links(page)) == {p.title for p in pages_for(Role.MANAGER) if p.in_menu}
    # Anna's own labels: only her clients in the list the PDF is made of.
    _open(page, f"{server}/mailing")
    expect(page.get_by_role("button", name="Download the labels (PDF)")).to_have_count(0)
