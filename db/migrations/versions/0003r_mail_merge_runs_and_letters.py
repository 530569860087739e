"""mail-merge runs and letters

Revision ID: 0003r
Revises: 0002
Create Date: 2026-11-27 06:22:14.288943

Mail-merge (issue 9): a run keeps its template and how recipients were chosen;
each client's letter is rendered once and carries its sending state, so a long
run can be resumed without sending a letter twice.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003r'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mail_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('subject_template', sa.String(length=300), nullable=False),
    sa.Column('body_template', sa.Text(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('archived', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("channel IN ('smtp', 'download')", name=op.f('ck_mail_runs_channel')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_mail_runs_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_runs'))
    )
    with op.batch_alter_table('mail_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_runs_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('mail_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('to_name', sa.String(length=200), nullable=True),
    sa.Column('to_address', sa.String(length=200), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'skipped')", name=op.f('ck_mail_letters_status')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_mail_letters_activity_id_activities')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_mail_letters_client_id_clients')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_mail_letters_contact_id_contacts')),
    sa.ForeignKeyConstraint(['run_id'], ['mail_runs.id'], name=op.f('fk_mail_letters_run_id_mail_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_letters')),
    sa.UniqueConstraint('run_id', 'client_id', name='uq_mail_letters_run_client')
    )
    with op.batch_alter_table('mail_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_letters_client_id'), ['client_id'], unique=False)
        batch_op.create_index('ix_mail_letters_run_status', ['run_id', 'status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mail_letters', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_letters_run_status')
        batch_op.drop_index(batch_op.f('ix_mail_letters_client_id'))

    op.drop_table('mail_letters')
    with op.batch_alter_table('mail_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_runs_created_by_id'))

    op.drop_table('mail_runs')
