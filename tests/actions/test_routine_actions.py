"""Closing a task with its follow-up, the knowledge base's edits, the routine settings."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from db import access
from db.actions.follow_up import close_task, next_working_day
from db.actions.products import archive_document, attach_document, clean_filename, update_product_knowledge
from db.actions.routine_settings import save_label_layout, save_reminder_rules, save_smtp
from db.errors import AccessDenied, NotFound, StaleRecord, ValidationError
from db.models import Activity, Product, ProductDocument, Setting, Task
from db.routine_config import label_layout, reminder_rules, smtp_config
from queries import products

TODAY = access.today()


def task_of(db, world, title="Перезвонить") -> Task:
    return db.scalar(select(Task).where(Task.title == title))


def test_closing_a_task_logs_the_call_and_schedules_the_next_step(world, db):
    task = task_of(db, world)
    made = close_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=task.version,
                      activity={"kind": "call", "subject": "Перезвонила", "outcome": "Ждут КП"},
                      next_task={"title": "Отправить КП", "due_on": TODAY + dt.timedelta(days=3)})
    assert db.get(Task, task.id).done
    call = db.get(Activity, made["activity"].id)
    assert (call.client_id, call.kind, call.outcome, call.user_id) == (
        world.clients["a1"], "call", "Ждут КП", world.users["mgr_a"])
    follow = db.get(Task, made["next_task"].id)
    assert (follow.client_id, follow.assignee_id, follow.due_on, follow.done) == (
        world.clients["a1"], world.users["mgr_a"], TODAY + dt.timedelta(days=3), False)


def test_a_refused_part_leaves_the_task_open_and_nothing_logged(world, db):
    task = task_of(db, world)
    activities = db.scalar(select(func.count()).select_from(Activity))
    with pytest.raises(ValidationError) as refused:
        close_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=task.version,
                   activity={"kind": "call", "subject": "  "}, next_task={"title": "", "due_on": TODAY})
    assert set(refused.value.errors) == {"activity.subject", "next.title"}
    db.expire_all()
    assert not db.get(Task, task.id).done
    assert db.scalar(select(func.count()).select_from(Activity)) == activities


def test_a_stale_or_foreign_task_is_refused(world, db):
    task = task_of(db, world)
    with pytest.raises(StaleRecord):
        close_task(db, world.viewer("mgr_a"), task_id=task.id, expected_version=task.version - 1)
    with pytest.raises(NotFound):
        close_task(db, world.viewer("mgr_b"), task_id=task.id, expected_version=task.version)


def test_next_working_day_skips_the_weekend():
    friday = dt.date(2026, 11, 27)
    assert next_working_day(friday) == dt.date(2026, 11, 30)
    assert next_working_day(friday, 7) == dt.date(2026, 12, 4)


@pytest.mark.parametrize("login", ["mgr_a", "director"])
def test_only_heads_and_admins_edit_the_knowledge_base(world, db, login):
    product = db.get(Product, world.product_id)
    with pytest.raises(AccessDenied):
        update_product_knowledge(db, world.viewer(login), product_id=product.id, expected_version=product.version,
                                 description="x", advantages=None, competitors=None, is_new=True)
    with pytest.raises(AccessDenied):
        attach_document(db, world.viewer(login), product_id=product.id, filename="a.pdf", content=b"%PDF")


def test_a_head_edits_a_product_and_attaches_a_document(world, db):
    head = world.viewer("head_n")
    product = db.get(Product, world.product_id)
    update_product_knowledge(db, head, product_id=product.id, expected_version=product.version,
                             description="Для деревянных конструкций", advantages="Твёрдая сталь",
                             competitors="У «Крепыша» дешевле, но мягче", is_new=True)
    assert list(products.list_products(db, head, search="КРЕПЫША")["name"]) == ["Саморез 4×40"]
    assert products.list_products(db, world.viewer("mgr_c"), new_only=True)["is_new"].all()
    with pytest.raises(StaleRecord):
        update_product_knowledge(db, head, product_id=product.id, expected_version=product.version - 1,
                                 description="", advantages="", competitors="", is_new=False)
    doc = attach_document(db, head, product_id=product.id, filename="C:\\docs\\Паспорт.pdf", content=b"%PDF-1.4",
                          content_type="application/pdf")
    assert doc.filename == "Паспорт.pdf"
    listed = products.product_documents(db, world.viewer("mgr_a"), product_id=product.id)
    assert list(listed["filename"]) == ["Паспорт.pdf"] and list(listed["size"]) == [8]
    assert products.document_content(db, world.viewer("mgr_a"), document_id=doc.id).content == b"%PDF-1.4"
    archive_document(db, world.viewer("admin"), document_id=doc.id)
    assert products.product_documents(db, head, product_id=product.id).empty
    assert db.get(ProductDocument, doc.id) is not None  # archived, not deleted
    with pytest.raises(ValidationError) as refused:
        attach_document(db, head, product_id=product.id, filename="empty.txt", content=b"")
    assert refused.value.errors["file"][0].startswith("Choose a file")
    assert clean_filename('../../etc/pa"ss\x00wd') == "pa_ss_wd"


def test_the_admin_saves_the_reminder_rules_and_a_stale_form_is_refused(world, db):
    admin = world.viewer("admin")
    values = dict(contact_a=7, contact_b=21, contact_c=60, stalled_days=14, reorder_lookback_days=180,
                  reorder_min_orders=4, reorder_grace_pct=10, on=True)
    save_reminder_rules(db, admin, expected_updated_at=None, **values)
    rules = reminder_rules(db)
    assert rules.contact_days == {"A": 7, "B": 21, "C": 60} and rules.stalled_days == 14
    with pytest.raises(StaleRecord) as stale:
        save_reminder_rules(db, admin, expected_updated_at=None, **values)
    assert stale.value.changed_by == "Alla Admin"
    with pytest.raises(ValidationError) as refused:
        save_reminder_rules(db, admin, expected_updated_at=db.get(Setting, "reminder_rules").updated_at,
                            **(values | {"contact_a": 0, "reorder_min_orders": "много"}))
    assert set(refused.value.errors) == {"contact_a", "reorder_min_orders"}
    with pytest.raises(AccessDenied):
        save_reminder_rules(db, world.viewer("head_n"), expected_updated_at=None, **values)


def test_smtp_settings_keep_the_password_unless_told(world, db):
    admin = world.viewer("admin")
    base = dict(host="smtp.example.ru", port=465, security="ssl", username="crm", from_address="crm@example.ru",
                from_name="Продажи")
    save_smtp(db, admin, expected_updated_at=None, password="s3cret", **base)
    seen = db.get(Setting, "smtp").updated_at
    save_smtp(db, admin, expected_updated_at=seen, password="", **base)
    assert smtp_config(db).secret() == "s3cret"
    # Stored encrypted with a key derived from the app's secret: the database (and every backup) never holds it.
    stored = db.scalars(select(Setting.value).where(Setting.key == "smtp")).one()
    assert stored["password"].startswith("fernet:") and "s3cret" not in str(stored)
    from db.models import AuditEntry

    logged = db.scalars(select(AuditEntry.changes).where(AuditEntry.entity_id == "smtp")).all()
    assert all("s3cret" not in str(changes) for changes in logged)  # the audit never holds the password
    save_smtp(db, admin, expected_updated_at=db.get(Setting, "smtp").updated_at, forget_password=True, **base)
    assert smtp_config(db).password == ""
    with pytest.raises(ValidationError) as refused:
        save_smtp(db, admin, expected_updated_at=db.get(Setting, "smtp").updated_at,
                  **(base | {"from_address": "not an address", "port": 0}))
    assert set(refused.value.errors) == {"from_address", "port"}


def test_label_layout_is_saved_and_too_small_labels_refused(world, db):
    admin = world.viewer("admin")
    save_label_layout(db, admin, expected_updated_at=None, columns=2, rows=7, margin_top=10)
    layout = label_layout(db)
    assert (layout.columns, layout.rows, layout.margin_top, layout.font_size) == (2, 7, 10.0, 9.0)
    with pytest.raises(ValidationError) as refused:
        save_label_layout(db, admin, expected_updated_at=db.get(Setting, "label_layout").updated_at, columns=6,
                          rows=20, padding=8)
    assert "too small" in refused.value.errors["columns"][0]
