"""Steps the browser tests share."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.world import PASSWORD
from ui.auth import COOKIE_NAME


def wait_idle(page: Page) -> None:
    """Wait until the script run is over (never sleep)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for()


def sign_in(page: Page, url: str, login: str, password: str = PASSWORD) -> None:
    """Through the real form, as a person would."""
    page.goto(url)
    # As soon as the form shows: nothing reruns the page by itself once it has loaded, so a
    # press in the first moment is taken (test_sign_in.py's one-press test).
    page.get_by_role("textbox", name="Login").fill(login)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("textbox", name="Password")).to_have_count(0)
    wait_idle(page)
    # The cookie is written by the page's component as the first page is drawn.
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')")


def sidebar_links(page: Page) -> list[str]:
    """The menu's titles, once the menu is drawn (read at once, a rerun on its way could give none)."""
    menu = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink")
    menu.first.wait_for(state="attached")
    links = menu.all_inner_texts()
    return [text.strip().splitlines()[-1] for text in links]  # the icon's ligature comes first
