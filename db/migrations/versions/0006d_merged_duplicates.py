"""duplicates: merged twins point at their survivor; managers' merge proposals

Revision ID: 0006d
Revises: 0005s
Create Date: 2026-12-04 17:05:00

Issue 16 (duplicates): a client or contact merged into another is archived
with `merged_into_id` naming the survivor; `merge_proposals` holds a
manager's "these two are one" until a head merges or dismisses it.

On SQLite the two columns are added with a plain ADD COLUMN ... REFERENCES:
batch mode would copy `clients`, and dropping the old copy of a table other
rows point at fails once there are rows (foreign keys are on).
"""
from alembic import op
import sqlalchemy as sa



revision = '0006d'
down_revision = '0005s'
branch_labels = None
depends_on = None

_LINKS = (('clients', 'fk_clients_merged_into_id_clients'), ('contacts', 'fk_contacts_merged_into_id_contacts'))


def upgrade() -> None:
    op.create_table('merge_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.Enum('client', 'contact', name='mergeentity', native_enum=False, length=10),
              nullable=False),
    sa.Column('keep_id', sa.Integer(), nullable=False),
    sa.Column('merge_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'merged', 'dismissed', name='mergestatus', native_enum=False,
                                length=10), server_default='pending', nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('comment', sa.String(length=2000), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'),
              nullable=False),
    sa.CheckConstraint("entity IN ('client', 'contact')", name=op.f('ck_merge_proposals_entity')),
    sa.CheckConstraint("status IN ('pending', 'merged', 'dismissed')", name=op.f('ck_merge_proposals_status')),
    sa.CheckConstraint('keep_id <> merge_id', name=op.f('ck_merge_proposals_two_records')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_merge_proposals_decided_by_id_users')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'],
                            name=op.f('fk_merge_proposals_proposed_by_id_users')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_merge_proposals_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merge_proposals'))
    )
    op.create_index('ix_merge_proposals_status_entity', 'merge_proposals', ['status', 'entity'], unique=False)

    if op.get_bind().dialect.name == 'sqlite':
        for table, fk in _LINKS:
            op.execute(f'ALTER TABLE {table} ADD COLUMN merged_into_id INTEGER '
                       f'CONSTRAINT {fk} REFERENCES {table} (id)')
    else:
        for table, fk in _LINKS:
            op.add_column(table, sa.Column('merged_into_id', sa.Integer(), nullable=True))
            op.create_foreign_key(fk, table, table, ['merged_into_id'], ['id'])
    op.create_index('ix_clients_merged_into_id', 'clients', ['merged_into_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_clients_merged_into_id', table_name='clients')
    for table, fk in reversed(_LINKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if op.get_bind().dialect.name != 'sqlite':  # SQLite: the copy leaves the column and its key out
                batch_op.drop_constraint(fk, type_='foreignkey')
            batch_op.drop_column('merged_into_id')
    op.drop_index('ix_merge_proposals_status_entity', table_name='merge_proposals')
    op.drop_table('merge_proposals')
