"""funnel flow columns and forecast indexes

Revision ID: 0003f
Revises: 0002
Create Date: 2026-11-27 06:10:28.585658

Each stage-history row learns when the deal left that stage and whether the deal
later went further or was won (kept by every later move from now on; filled here
for the history that exists). With covering indexes, the funnel's conversion and
days-in-stage read one index range. Covering indexes on deals (the open pipeline by
stage and by expected close, deals closed in a period) and on shipments by manager
give the funnel's and forecast's sums without reading the tables.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003f'
down_revision = '0002'
branch_labels = None
depends_on = None

# A frozen copy of db/actions/stage_history.py's refresh (migrations must not change with the code).
_AFTER = ("n.deal_id = deal_stage_history.deal_id AND (n.changed_at > deal_stage_history.changed_at OR "
          "(n.changed_at = deal_stage_history.changed_at AND n.id > deal_stage_history.id))")
BACKFILL = [
    f"UPDATE deal_stage_history SET left_at = (SELECT MIN(n.changed_at) FROM deal_stage_history n WHERE {_AFTER})",
    "UPDATE deal_stage_history SET advanced = EXISTS (SELECT 1 FROM deal_stage_history n "
    "JOIN pipeline_stages ns ON ns.id = n.to_stage_id JOIN pipeline_stages s ON s.id = deal_stage_history.to_stage_id "
    f"WHERE {_AFTER} AND ns.position > s.position AND NOT ns.is_lost)",
    "UPDATE deal_stage_history SET won_after = EXISTS (SELECT 1 FROM deal_stage_history n "
    f"JOIN pipeline_stages ns ON ns.id = n.to_stage_id WHERE {_AFTER} AND ns.is_won)",
]


DEAL_INDEXES = {  # name: (columns before, columns after)
    'ix_deals_state_stage': (['state', 'stage_id'], ['state', 'stage_id', 'owner_id', 'amount', 'probability']),
    'ix_deals_state_expected_close': (['state', 'expected_close_on'],
                                      ['state', 'expected_close_on', 'owner_id', 'amount', 'probability']),
    'ix_deals_closed_at': (['closed_at'], ['closed_at', 'stage_id', 'owner_id', 'state', 'amount', 'probability']),
}


def upgrade() -> None:
    with op.batch_alter_table('deal_stage_history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('left_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('advanced', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('won_after', sa.Boolean(), server_default='0', nullable=False))
    for statement in BACKFILL:
        op.execute(statement)
    with op.batch_alter_table('deal_stage_history', schema=None) as batch_op:
        batch_op.create_index('ix_deal_stage_history_flow', ['changed_at', 'to_stage_id', 'deal_id', 'advanced', 'won_after'], unique=False)
        batch_op.create_index('ix_deal_stage_history_left', ['left_at', 'to_stage_id', 'changed_at', 'deal_id'], unique=False)

    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.create_index('ix_shipments_manager_shipped_amount', ['manager_id', 'shipped_on', 'amount'], unique=False)

    # Widened to cover the funnel's and forecast's sums (same names, more columns).
    with op.batch_alter_table('deals', schema=None) as batch_op:
        for name, (_old, new) in DEAL_INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, new, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deals', schema=None) as batch_op:
        for name, (old, _new) in DEAL_INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, old, unique=False)

    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_index('ix_shipments_manager_shipped_amount')

    with op.batch_alter_table('deal_stage_history', schema=None) as batch_op:
        batch_op.drop_index('ix_deal_stage_history_left')
        batch_op.drop_index('ix_deal_stage_history_flow')
        batch_op.drop_column('won_after')
        batch_op.drop_column('advanced')
        batch_op.drop_column('left_at')
