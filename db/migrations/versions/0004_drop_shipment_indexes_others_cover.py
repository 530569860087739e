"""drop the shipment indexes that wider ones begin with; join the feature branches

Revision ID: 0004
Revises: 0003a, 0003f, 0003i, 0003r
Create Date: 2026-12-02 03:15:00

(manager_id, shipped_on) is the start of (manager_id, shipped_on, amount), and
(shipped_on) the start of the analyses' covering index: every query that used
the narrow one is served by the wide one, and each index less is one B-tree
less to update per shipment line — the import of a million lines is bound by
exactly that.
"""
from alembic import op


revision = '0004'
down_revision = ('0003a', '0003f', '0003i', '0003r')
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_index('ix_shipments_manager_shipped')
        batch_op.drop_index('ix_shipments_shipped')


def downgrade() -> None:
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.create_index('ix_shipments_shipped', ['shipped_on'], unique=False)
        batch_op.create_index('ix_shipments_manager_shipped', ['manager_id', 'shipped_on'], unique=False)
