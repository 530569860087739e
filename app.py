"""Sales CRM: start the database, sign the person in, and show the pages of their role."""
import streamlit as st

st.set_page_config(page_title="Sales CRM", page_icon=":material/handshake:", layout="wide")

from ui import auth, boot, builtin_text, data, heap, navigation, setup, style, warm  # noqa: E402 - after set_page_config
from ui.lang import code, t  # noqa: E402
from ui.text import md_escape  # noqa: E402

style.apply()  # the layout rules Streamlit has no setting for
boot.engine()  # migrates to head once per process
heap.settle()  # once per process: the modules' objects out of the garbage collector's full passes
data.refresh_generation()
warm.start()  # once per process: the heavy pages' shared parts read before anyone asks

viewer = None
if setup.needs_first_run():
    page = st.navigation(
        [st.Page("pages/first_run.py", title=t("First start"), icon=":material/rocket_launch:",
                 url_path="setup")],
        position="hidden",
    )
else:
    viewer = auth.restore_viewer()
    if viewer is None:
        page = st.navigation(
            [st.Page("pages/login.py", title=t("Sign in"), icon=":material/login:", url_path="login")],
            position="hidden",
        )
    else:
        sections = navigation.sections_for(viewer.role, navigation.menu_counts())
        page = st.navigation(navigation.navigation_pages(sections))
        with st.sidebar:
            # Our own menu (client.showSidebarNavigation is off): sections,
            # then who is signed in and the way out.
            navigation.render_menu(sections)
            st.divider()
            st.caption(f"{md_escape(viewer.full_name)} · {code('role', viewer.role)}")
            auth.logout_button()
            builtin_text.apply()  # Streamlit's own words in the person's language

page.run()
if viewer is None:
    builtin_text.apply()  # the sign-in and first-start pages have no sidebar: at their end
