"""Layout rules Streamlit has no setting for (ui/style.py, issue 18 item 7): the page's title near
the top, not under an empty band; a metric's label whole, not cut with "…"."""
from playwright.sync_api import expect

from .helpers import sign_in, wait_idle


def test_the_title_is_near_the_top_and_metric_labels_are_whole(server, page, seeded):
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, server, "mgr_a")
    page.get_by_test_id("stSidebar").get_by_role("link", name="My day").click()
    wait_idle(page)
    title = page.get_by_role("heading", name="My day")
    expect(title).to_be_visible()
    # Streamlit's own 6rem plus the sign-in cookie's hidden component put it at ~125 px.
    assert title.bounding_box()["y"] < 80
    cut = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stMetricLabel"] p'))
        .filter(p => p.scrollWidth > p.clientWidth + 1).map(p => p.innerText)""")
    assert cut == []
    # Six metrics in a row at 1440 px, the longest label in Russian and English alike, each whole.
    labels = page.get_by_test_id("stMetricLabel").all_inner_texts()
    assert any("Birthdays" in label for label in labels)
