"""Steps the browser tests share."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.world import PASSWORD


def wait_idle(page: Page) -> None:
    """Wait until the script run is over (never sleep)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for()


def sign_in(page: Page, url: str, login: str, password: str = PASSWORD) -> None:
    """Through the real form, as a person would."""
    page.goto(url)
    expect(page.get_by_role("textbox", name="Login")).to_be_visible()
    # The cookie component reruns the script once it has loaded; typing
    # during that rerun can be lost, so start when the app is idle.
    page.wait_for_load_state("networkidle")
    wait_idle(page)
    page.get_by_role("textbox", name="Login").fill(login)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("textbox", name="Password")).to_have_count(0)
    wait_idle(page)


def sidebar_links(page: Page) -> list[str]:
    links = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").all_inner_texts()
    return [text.strip().splitlines()[-1] for text in links]  # the icon's ligature comes first
