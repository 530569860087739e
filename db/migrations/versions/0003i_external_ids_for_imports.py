"""external ids for imports

Revision ID: 0003i
Revises: 0002
Create Date: 2026-11-27 06:17:24.713714

The id a client, contact or deal has in the file it was imported from (db/io):
the key a second import of the same file updates by, instead of adding twins.
Unique where given (NULLs are distinct); a plain ADD COLUMN, no table rebuild.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003i'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f('ix_clients_external_id'), ['external_id'], unique=True)

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f('ix_contacts_external_id'), ['external_id'], unique=True)

    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f('ix_deals_external_id'), ['external_id'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deals_external_id'))
        batch_op.drop_column('external_id')

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_external_id'))
        batch_op.drop_column('external_id')

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_external_id'))
        batch_op.drop_column('external_id')
