"""Every page opens for every role that has it, and no role reaches a page it lacks."""
import pytest

from db.models import Role
from ui.navigation import PAGES, pages_for

from .conftest import signed_in, texts

LOGIN_OF = {Role.MANAGER: "mgr_a", Role.HEAD: "head_n", Role.DIRECTOR: "director", Role.ADMIN: "admin"}
CASES = [(role, page.path) for role in Role for page in PAGES]


@pytest.mark.parametrize(("role", "path"), CASES, ids=[f"{r.value}-{p}" for r, p in CASES])
def test_page_opens_only_for_its_roles(seeded, role, path):
    allowed = {p.path for p in pages_for(role)}
    if path not in allowed:
        at = signed_in(LOGIN_OF[role])
        with pytest.raises(ValueError):
            at.switch_page(path)
        return
    at = signed_in(LOGIN_OF[role], path)
    assert not at.exception, at.exception
    assert at.title, f"{path} shows no title for {role}"
    assert "Traceback" not in texts(at)
    # A box showing no choice shows our (translated) placeholder, never Streamlit's English one.
    untranslated = [box.label for box in at.selectbox if box.value is None and not box.proto.placeholder]
    assert not untranslated, f"{path}: selectboxes with Streamlit's own placeholder: {untranslated}"


def test_signed_out_sees_only_the_sign_in_form(seeded):
    at = signed_in(None)
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    for page in PAGES:
        with pytest.raises(ValueError):
            at.switch_page(page.path)
