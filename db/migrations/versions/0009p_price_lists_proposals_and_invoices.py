"""price lists, proposals and invoices

Revision ID: 0009p
Revises: 0008n
Create Date: 2026-12-04 20:05:00

Issue 20: `price_types` and their `prices` with validity periods, `documents`
(proposals and invoices as issued, with their files) and `document_counters` (gap-free
numbers per kind and year), and on `clients` the price list they buy at and the bank
requisites an invoice needs. The client columns are plain ADD COLUMNs on SQLite (see 0006d).
"""
from alembic import op
import sqlalchemy as sa


revision = '0009p'
down_revision = '0008n'
branch_labels = None
depends_on = None


_CLIENT_TEXT = (('ogrn', 15), ('bank_name', 300), ('bic', 9), ('settlement_account', 20),
                ('correspondent_account', 20))


def upgrade() -> None:
    op.create_table('document_counters',
    sa.Column('kind', sa.Enum('proposal', 'invoice', name='documentkind', native_enum=False, length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('kind', 'year', name=op.f('pk_document_counters'))
    )

    op.create_table('price_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('base', 'wholesale', 'large_wholesale', 'contract', name='pricetypekind', native_enum=False, length=20), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(kind = 'contract') = (client_id IS NOT NULL)", name=op.f('ck_price_types_contract_client')),
    sa.CheckConstraint("kind IN ('base', 'wholesale', 'large_wholesale', 'contract')", name=op.f('ck_price_types_kind')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_price_types_client_id_clients')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_price_types_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_types')),
    sa.UniqueConstraint('name', name=op.f('uq_price_types_name'))
    )
    with op.batch_alter_table('price_types', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_price_types_client_id'), ['client_id'], unique=False)

    op.create_table('prices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('price_type_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('price', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('price >= 0', name=op.f('ck_prices_price')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_prices_period')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_prices_created_by_id_users')),
    sa.ForeignKeyConstraint(['price_type_id'], ['price_types.id'], name=op.f('fk_prices_price_type_id_price_types')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_prices_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prices')),
    sa.UniqueConstraint('price_type_id', 'product_id', 'valid_from', name='uq_prices_type_product_from')
    )
    with op.batch_alter_table('prices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prices_product_id'), ['product_id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('proposal', 'invoice', name='documentkind', native_enum=False, length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), server_default='1', nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('deal_id', sa.Integer(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('issued', 'sent', 'replaced', name='documentstatus', native_enum=False, length=10), server_default='issued', nullable=False),
    sa.Column('total', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('vat_rate', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('vat_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('docx', sa.LargeBinary(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_to', sa.String(length=200), nullable=True),
    sa.CheckConstraint("kind IN ('proposal', 'invoice')", name=op.f('ck_documents_kind')),
    sa.CheckConstraint("status IN ('issued', 'sent', 'replaced')", name=op.f('ck_documents_status')),
    sa.CheckConstraint('total >= 0', name=op.f('ck_documents_total')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_documents_client_id_clients')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_documents_contact_id_contacts')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_documents_created_by_id_users')),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], name=op.f('fk_documents_deal_id_deals')),
    sa.ForeignKeyConstraint(['replaces_id'], ['documents.id'], name=op.f('fk_documents_replaces_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('kind', 'year', 'number', 'revision', name='uq_documents_kind_year_number_revision')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_deal_id'), ['deal_id'], unique=False)

    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE clients ADD COLUMN price_type_id INTEGER '
                   'CONSTRAINT fk_clients_price_type_id_price_types REFERENCES price_types (id)')
    else:
        op.add_column('clients', sa.Column('price_type_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_clients_price_type_id_price_types', 'clients', 'price_types',
                              ['price_type_id'], ['id'])
    for name, length in _CLIENT_TEXT:
        op.add_column('clients', sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        if op.get_bind().dialect.name != 'sqlite':  # SQLite: the copy leaves the column and its key out
            batch_op.drop_constraint('fk_clients_price_type_id_price_types', type_='foreignkey')
        for name, _ in reversed(_CLIENT_TEXT):
            batch_op.drop_column(name)
        batch_op.drop_column('price_type_id')
    op.drop_index('ix_documents_deal_id', table_name='documents')
    op.drop_index('ix_documents_client_id', table_name='documents')
    op.drop_table('documents')
    op.drop_index('ix_prices_product_id', table_name='prices')
    op.drop_table('prices')
    op.drop_index('ix_price_types_client_id', table_name='price_types')
    op.drop_table('price_types')
    op.drop_table('document_counters')
