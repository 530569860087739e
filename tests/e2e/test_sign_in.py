"""Each role signs in through the real form and lands on its own home page."""
from playwright.sync_api import expect

from db.models import Role
from tests.world import PASSWORD
from ui.auth import COOKIE_NAME, REFUSED
from ui.navigation import pages_for

from .helpers import sidebar_links, sign_in, wait_idle


def test_manager_signs_in_and_sees_own_home(server, page, seeded):
    sign_in(page, server, "mgr_a")
    expect(page.get_by_role("heading", name="Hello, Anna")).to_be_visible()
    expect(page.get_by_text("Shipped this month")).to_be_visible()
    # The manager's menu is the registry's (features add pages to it), and nothing of leaders or the admin.
    assert sidebar_links(page) == [p.title for p in pages_for(Role.MANAGER) if p.in_menu]
    assert not {"Users and departments", "Approvals"} & set(sidebar_links(page))
    # Her tasks, by name: the overdue call-back and today's offer.
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()


def test_head_signs_in_and_sees_the_department(server, page, seeded):
    sign_in(page, server, "head_n")
    expect(page.get_by_role("heading", name="Hello, Nina")).to_be_visible()
    expect(page.get_by_text("Your department this month")).to_be_visible()
    assert "Users and departments" not in sidebar_links(page)


def test_wrong_password_keeps_the_form(server, page, seeded):
    page.goto(server)
    expect(page.get_by_role("textbox", name="Login")).to_be_visible()
    page.wait_for_load_state("networkidle")
    wait_idle(page)
    page.get_by_role("textbox", name="Login").fill("mgr_a")
    page.get_by_role("textbox", name="Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(REFUSED)).to_be_visible()  # the same words for an unknown login or a delay
    wait_idle(page)


def test_sign_in_survives_a_reload_and_sign_out_ends_it(server, page, seeded):
    sign_in(page, server, "director")
    expect(page.get_by_text("The company this month")).to_be_visible()
    page.reload()
    expect(page.get_by_text("The company this month")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    # And it stays ended: a reload does not sign the director back in (tests/e2e/test_sign_out.py goes further).
    wait_idle(page)
    page.reload()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("The company this month")).to_have_count(0)


def _script_runs_asked(page) -> list[str]:
    """Every script run the page asks the server for (Streamlit's rerun_script messages), as they go."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    asked: list[str] = []

    def sent(payload):
        if isinstance(payload, bytes) and BackMsg.FromString(payload).WhichOneof("type") == "rerun_script":
            asked.append(page.url)

    page.on("websocket", lambda socket: socket.on("framesent", sent))
    return asked


def test_one_press_right_after_the_page_loads_signs_in(server, page, seeded):
    """A person who presses "Sign in" once, as soon as the form shows, is signed in. Nothing on the
    page reruns the script by itself once loaded: the old cookie component did (it reported the
    browser's cookies a moment after loading), and a press in that moment was lost."""
    asked = _script_runs_asked(page)
    page.goto(server)
    page.get_by_role("textbox", name="Login").fill("mgr_a")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()  # no wait for the page to settle: at once
    expect(page.get_by_role("heading", name="Hello, Anna")).to_be_visible()
    wait_idle(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')")
    # One run to draw the form, one for the press, which draws the first page: nothing else.
    assert len(asked) == 2, asked
    # And a page opened later by its address costs one run too (the cookie signs the person in).
    page.goto(f"{server}/clients")
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    wait_idle(page)
    page.wait_for_load_state("networkidle")
    assert len(asked) == 3, asked
