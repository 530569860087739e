"""The data areas each cached query reads (issue 19): its cache is keyed by their generations.

`QUERY_AREAS[query name]` names the areas (db/generation.AREAS) of every table the query reads,
subqueries and access checks included. A write to any other area leaves the query's cached value
warm. A query missing here is keyed by "anything changed" (safe, but emptied by every write);
tests/test_cache_areas.py fails on a missing query and on a table read outside the declared
areas (tests/cache_reads.py records what each query reads on the page tests).
"""
from __future__ import annotations

from db.generation import AREA_IDS

# The areas written rarely (an admin's edit): every query is keyed by them too, so a branch of a
# query the page tests never took (another role, a filter) cannot read one of them undeclared.
# Access checks (db/access.py) read users, departments, territories and stand-ins: "org".
RARELY_WRITTEN = frozenset({"org", "settings", "catalogue"})


def _reads(*areas: str) -> frozenset[str]:
    return RARELY_WRITTEN | frozenset(areas)


# The audit log's readers name the records its rows mention (queries/audit.named: NAMED), whichever
# those are: every area of NAMED's tables, not only those the tests' rows happened to name.
AUDIT_NAMES = ("audit", "clients", "deals", "tasks", "plans")

QUERY_AREAS: dict[str, frozenset[str]] = {
    "db.rules.mailing.merge_values": _reads("clients", "shipments"),
    "queries.abc.closed_revenue": _reads("shipments_closed"),  # lines dated before yesterday
    "queries.abc.company_classes": _reads("clients", "shipments"),
    "queries.abc.visible_classes": _reads("clients", "shipments"),
    "queries.abc.past_classes": _reads("clients", "shipments_closed"),  # a day before yesterday
    "queries.abc_report.abc_report": _reads("clients", "shipments"),
    "queries.abc_report.class_limits": _reads(),
    "queries.abc_report.company_abc_xyz": _reads("clients", "shipments"),
    "queries.abc_report.closed_months": _reads("shipments_closed"),  # lines dated before yesterday
    "queries.abc_report.closed_firsts": _reads("shipments_closed"),
    "queries.abc_report.closed_classes": _reads("clients", "shipments_closed"),  # a period before yesterday
    "queries.abc_report.company_classes": _reads("clients", "shipments"),
    "queries.abc_report.last_contacts": _reads("activities", "clients"),
    "queries.abc_report.previous_classes": _reads("clients", "shipments"),
    "queries.activity_report.activities": _reads("activities", "clients"),
    "queries.activity_report.active_clients": _reads("clients"),
    "queries.activity_report.closed_counts": _reads("activities_closed", "clients"),  # before yesterday
    "queries.activity_report.closed_contacts": _reads("activities_closed"),  # contacts before yesterday
    "queries.activity_report.closed_handled": _reads("tasks"),
    "queries.activity_report.contact_days": _reads(),
    "queries.activity_report.report": _reads("activities", "clients", "shipments", "tasks"),
    "queries.approvals.approval_queue": _reads("clients", "deals"),
    "queries.approvals.discount_deciders": _reads("clients", "deals"),
    "queries.approvals.recent_decisions": _reads("clients", "deals"),
    "queries.approvals.waiting_for_me": _reads("clients", "deals"),
    "queries.approvals.who_decides": _reads("clients", "deals"),
    "queries.audit.history": _reads("activities", *AUDIT_NAMES),
    "queries.audit.history_count": _reads("activities", *AUDIT_NAMES),
    "queries.audit.choices": _reads("activities", *AUDIT_NAMES),
    "queries.backtest.backtest": _reads("audit", "deals", "shipments"),
    "queries.backtest.said": _reads("deal_audit", "deals"),  # the deals' audited edits alone
    "queries.backtest.truth": _reads("deals", "shipments"),
    "queries.board.board": _reads("clients", "deals"),
    "queries.board.stage_deals": _reads("clients", "deals"),
    "queries.calendar.days": _reads("clients", "tasks"),
    "queries.calendar.invitees": _reads("clients"),
    "queries.calendar.people": _reads(),
    "queries.client_card.change_history": _reads("activities", *AUDIT_NAMES),
    "queries.client_card.contacts": _reads("clients"),
    "queries.client_card.credit": _reads("clients", "deals", "shipments"),
    "queries.client_card.deals": _reads("clients", "deals"),
    "queries.client_card.get_client_card": _reads("clients"),
    "queries.client_card.holding": _reads("clients", "shipments"),
    "queries.client_card.open_tasks": _reads("clients", "tasks"),
    "queries.client_card.shipments_by_group": _reads("clients", "shipments"),
    "queries.client_card.timeline": _reads("activities", "clients"),
    "queries.clients.list_clients": _reads("activities", "clients", "deals", "shipments"),
    "queries.clients.reference_lists": _reads(),
    "queries.commission.list_schemes": _reads("plans"),
    "queries.commission.scheme_targets": _reads(),
    "queries.company.company_settings": _reads(),
    "queries.completeness.completeness": _reads("activities", "clients"),
    "queries.deals.deal_approvals": _reads("clients", "deals"),
    "queries.deals.deal_history": _reads("clients", "deals"),
    "queries.deals.deal_lines": _reads("clients", "deals"),
    "queries.deals.get_deal": _reads("clients", "deals", "shipments"),
    "queries.deals.lost_reasons": _reads(),
    "queries.deals.products": _reads(),
    "queries.deals.stages": _reads(),
    "queries.departure_plan.plan_departure": _reads("activities", "clients", "deals", "shipments", "tasks"),
    "queries.documents.document_content": _reads("clients", "documents"),
    "queries.documents.list_documents": _reads("clients", "deals", "documents"),
    "queries.documents.offer_products": _reads("clients", "shipments"),
    "queries.documents.proposal_validity_days": _reads(),
    "queries.duplicates.client_groups": _reads("clients", "deals", "shipments"),
    "queries.duplicates.client_rows": _reads("clients", "deals", "shipments"),
    "queries.duplicates.client_twins": _reads("clients"),
    "queries.duplicates.contact_groups": _reads("activities", "clients"),
    "queries.duplicates.contact_rows": _reads("activities", "clients"),
    "queries.duplicates.contact_twins": _reads("clients"),
    "queries.duplicates.every_client_twin": _reads("clients"),  # kept for the viewers who see everything
    "queries.duplicates.every_contact_twin": _reads("clients"),
    "queries.duplicates.pending_proposals": _reads("clients"),
    "queries.forecast.first_shipments": _reads("shipments_closed"),  # lines dated before yesterday
    "queries.forecast.manager_months": _reads("shipments_closed"),  # lines of closed months
    "queries.forecast.forecast": _reads("deals", "plans", "shipments"),
    "queries.funnel.by_manager": _reads("clients", "deals"),  # clients: the territory/industry filters
    "queries.funnel.conversion": _reads("clients", "deals"),  # clients: the territory/industry filters
    "queries.funnel.days_in_stage": _reads("clients", "deals"),  # clients: the territory/industry filters
    "queries.funnel.filter_choices": _reads(),
    "queries.funnel.stage_summary": _reads("clients", "deals"),  # clients: the territory/industry filters
    "queries.funnel.stalled_deals": _reads("clients", "deals"),
    "queries.handover.candidate_ids": _reads("clients", "shipments"),
    "queries.handover.candidate_rows": _reads("clients", "deals", "tasks"),
    "queries.handover.handover_candidates": _reads("clients", "deals", "tasks"),
    "queries.handover.leaver_clients": _reads("activities", "clients", "deals", "shipments", "tasks"),
    "queries.handover.leaver_summary": _reads("clients", "deals", "tasks"),
    "queries.handover.leaving_candidates": _reads(),
    "queries.home.my_open_tasks": _reads("clients", "tasks"),
    "queries.home.personal_summary": _reads("clients", "deals", "tasks"),
    "queries.home.recent_activities": _reads("activities", "clients"),
    "queries.home.team_summary": _reads("clients", "deals", "plans", "shipments"),
    "queries.imports.list_import_mappings": _reads(),
    "queries.imports.reference_values": _reads(),
    "queries.mail_runs.get_run": _reads("mail"),
    "queries.mail_runs.list_runs": _reads("mail"),
    "queries.mail_runs.run_letters": _reads("clients", "mail"),
    "queries.mailing.recipients": _reads("clients"),
    "queries.my_day.birthdays": _reads("clients"),
    "queries.my_day.contacts_due": _reads("activities", "clients", "shipments", "tasks"),
    "queries.my_day.reorders_due": _reads("clients", "shipments"),
    "queries.my_day.reorder_counts": _reads("clients", "shipments"),
    "queries.my_day.closed_reorder_pairs": _reads("shipments_closed"),  # lines dated before yesterday
    "queries.my_day.stalled_deals": _reads("activities", "clients", "deals"),
    "queries.my_day.standing_in_for": _reads(),
    "queries.my_day.tasks": _reads("clients", "deals", "tasks"),
    "queries.my_day.team_routine": _reads("activities", "clients", "deals", "shipments", "tasks"),
    "queries.my_day.contacts_before": _reads("activities_closed"),  # contacts before yesterday
    "queries.notifications.list_notifications": _reads("notifications", "clients"),
    "queries.notifications.unread_count": _reads("notifications"),
    "queries.offers.offers": _reads("clients", "shipments"),
    "queries.offers.segment_clients": _reads("clients"),
    "queries.outbox.mail_preferences": _reads(),
    "queries.outbox.outbox_queue": _reads("mail"),
    "queries.periods.shipment_span": _reads("clients", "shipments"),
    "queries.pipeline.discount_caps": _reads(),
    "queries.pipeline.overdue_block_days": _reads(),
    "queries.pipeline.stage_settings": _reads("deals"),
    "queries.plans.current_basis": _reads(),
    "queries.plans.my_open_deals": _reads("clients", "deals"),
    "queries.plans.plan_history": _reads("plans", "shipments"),
    "queries.plans.plan_progress": _reads("plans", "shipments"),
    "queries.plans.what_if": _reads("clients", "deals", "plans", "shipments"),
    "queries.prices.client_catalogue": _reads("clients"),
    "queries.prices.client_price_type": _reads("clients"),
    "queries.prices.get_price_type": _reads("clients"),
    "queries.prices.list_price_types": _reads("clients"),
    "queries.prices.price_type_choices": _reads(),
    "queries.prices.prices_on": _reads("clients"),
    "queries.product_sales.catalogue": _reads(),
    "queries.product_sales.product_sales": _reads("clients", "deals", "shipments"),
    "queries.product_sales.top_clients": _reads("clients", "shipments"),
    "queries.products.client_products": _reads("clients", "shipments"),
    "queries.products.get_product": _reads(),
    "queries.products.list_products": _reads(),
    "queries.products.product_documents": _reads(),
    "queries.products.product_groups": _reads(),
    "queries.routine_settings.label_layout": _reads(),
    "queries.routine_settings.reminder_rules": _reads(),
    "queries.routine_settings.smtp_settings": _reads(),
    "queries.routine_settings.versions": _reads(),
    "queries.segments.leaders": _reads("clients", "shipments"),
    "queries.segments.segments": _reads("clients", "shipments"),
    "queries.stand_ins.list_stand_ins": _reads(),
    "queries.stand_ins.people_to_cover": _reads(),
    "queries.team.department_plan_check": _reads("plans"),
    "queries.team.department_plan_of": _reads("plans"),
    "queries.team.list_departments": _reads(),
    "queries.team.plan_grid": _reads("plans"),
    "queries.team.plan_of": _reads("plans"),
    "queries.team.plannable_managers": _reads(),
    "queries.team.team_view": _reads("plans", "shipments"),
    "queries.territories.assignment_rules": _reads(),
    "queries.territories.industry_list": _reads("clients"),
    "queries.territories.territory_tree": _reads("clients"),
    "queries.territories.who_gets": _reads(),
    "queries.users.assignable_owners": _reads(),
    "queries.users.database_status": frozenset(AREA_IDS),  # shows the "anything changed" counter
    "queries.users.list_departments": _reads(),
    "queries.users.list_users": _reads(),
    "queries.users.recent_audit": _reads(*AUDIT_NAMES),
    "queries.users.user_counts": _reads(),
    "queries.workload.owner_worth": _reads("clients", "shipments"),
    "queries.workload.workload": _reads("clients", "deals", "shipments", "tasks"),
}


# Queries that show a viewer who does not see everything only rows of the clients in the viewer's
# scope (their own, those they stand in for, a head's department) and rows of those people: keyed
# by the owners' partitions (db/partitions.py), so another manager's write leaves them warm.
# Not here: whatever ranks or compares across the company (ABC classes, the forecast's history, team
# tables). Segments, their leaders and offers, product sales and the funnel count the viewer's clients
# (their people's deals) only: a manager's survive another manager's shipments import.
# tests/test_owner_partitions.py writes on clients outside a manager's and a head's scope and fails
# on any of these that then changes or reruns.
OWNER_SCOPED = frozenset({
    "queries.board.board", "queries.board.stage_deals",
    "queries.calendar.days", "queries.calendar.invitees",
    "queries.client_card.contacts", "queries.client_card.credit", "queries.client_card.deals",
    "queries.client_card.get_client_card", "queries.client_card.open_tasks",
    "queries.client_card.shipments_by_group", "queries.client_card.timeline",
    "queries.clients.list_clients",
    "queries.deals.deal_approvals", "queries.deals.deal_history", "queries.deals.deal_lines", "queries.deals.get_deal",
    "queries.documents.list_documents",
    "queries.funnel.by_manager", "queries.funnel.conversion", "queries.funnel.days_in_stage",
    "queries.funnel.stage_summary", "queries.funnel.stalled_deals",
    "queries.home.my_open_tasks", "queries.home.personal_summary", "queries.home.recent_activities",
    "queries.my_day.birthdays", "queries.my_day.contacts_due", "queries.my_day.reorders_due",
    "queries.my_day.stalled_deals", "queries.my_day.tasks",
    "queries.offers.offers", "queries.offers.segment_clients",
    "queries.periods.shipment_span",
    "queries.plans.my_open_deals",
    "queries.product_sales.product_sales", "queries.product_sales.top_clients",
    "queries.products.client_products",
    "queries.segments.leaders", "queries.segments.segments",
})

# Arguments that make a scoped query read rows outside the viewer's scope: the funnel's deals are
# the viewer's people's, but a filter by territory or industry reads their clients, whose owner may
# be someone else (a colleague's edit of such a client bumps the colleague's partition only).
UNSCOPED_BY = {name: frozenset({"territory_id", "industry_id"}) for name in OWNER_SCOPED
               if name.startswith("queries.funnel.")}


def owner_scoped(name: str, filters: dict | None = None) -> bool:
    """Whether the query, with these arguments, shows only rows of the viewer's scope."""
    if name not in OWNER_SCOPED:
        return False
    return not any(filters.get(arg) for arg in UNSCOPED_BY.get(name, ())) if filters else True


def areas_of_query(name: str) -> frozenset[str] | None:
    """The areas the query `module.qualname` reads; None: not declared (keyed by everything)."""
    return QUERY_AREAS.get(name)


assert all(set(areas) <= set(AREA_IDS) for areas in QUERY_AREAS.values()), "an unknown area in QUERY_AREAS"
