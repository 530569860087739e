"""covering indexes on shipments for the analyses

Revision ID: 0003a
Revises: 0002
Create Date: 2026-11-27 06:11:00.661426

ABC/XYZ, segments and leaders (with their payment discipline) read a
period's shipment lines from the first index alone: at a million lines, three
to four times faster than a lookup into the table for each line. Product
sales by month read the second in product and date order, so the lines need
no sort either (0.2 s instead of 0.8 s for two years of everyone's sales); it
replaces the (product, date) index, which is its first two columns.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003a'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.create_index('ix_shipments_shipped_cover', ['shipped_on', 'client_id', 'product_id', 'amount',
                                                             'quantity', 'cost_amount', 'deal_id', 'payment_due_on',
                                                             'amount_paid', 'paid_on'], unique=False)
        batch_op.drop_index('ix_shipments_product_shipped')  # the first two columns of the next one
        batch_op.create_index('ix_shipments_product_cover', ['product_id', 'shipped_on', 'quantity', 'amount',
                                                             'deal_id', 'client_id'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.execute(
            sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
        # A database the planner has statistics for gets them for the new indexes too: without
        # them SQLite does not walk the product index product by product (its skip-scan).
        bind.execute(sa.text("ANALYZE ix_shipments_shipped_cover"))
        bind.execute(sa.text("ANALYZE ix_shipments_product_cover"))


def downgrade() -> None:
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_index('ix_shipments_product_cover')
        batch_op.create_index('ix_shipments_product_shipped', ['product_id', 'shipped_on'], unique=False)
        batch_op.drop_index('ix_shipments_shipped_cover')
