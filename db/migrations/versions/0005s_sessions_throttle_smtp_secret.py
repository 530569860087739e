"""server-side sign-in sessions, the sign-in throttle, the SMTP password encrypted

Revision ID: 0005s
Revises: 0004
Create Date: 2026-12-03 19:40:00

Issue 15: the cookie names a row of `user_sessions`, which sign-out, password
resets, deactivation and expiry end; failed sign-ins are counted per login
and address in `sign_in_failures` (a growing delay instead of a hard lock);
the SMTP password stored in `settings` is encrypted with a key derived from
the app's secret (downgrade decrypts it again).
"""
from alembic import op
import sqlalchemy as sa


revision = '0005s'
down_revision = '0004'
branch_labels = None
depends_on = None

_settings = sa.table('settings', sa.column('key', sa.String), sa.column('value', sa.JSON))


def _recode_smtp_password(change) -> None:
    bind = op.get_bind()
    value = bind.execute(sa.select(_settings.c.value).where(_settings.c.key == 'smtp')).scalar()
    if not isinstance(value, dict) or not value.get('password'):
        return
    new = change(value['password'])
    if new != value['password']:
        bind.execute(_settings.update().where(_settings.c.key == 'smtp').values(value={**value, 'password': new}))


def upgrade() -> None:
    op.create_table('user_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_reason', sa.String(length=30), nullable=True),
    sa.Column('user_agent', sa.String(length=300), nullable=True),
    sa.Column('ip_address', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_user_sessions_user', ['user_id', 'ended_at'], unique=False)

    op.create_table('sign_in_failures',
    sa.Column('key', sa.String(length=330), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_failures'))
    )

    from db.secret_key import encrypt, is_encrypted
    _recode_smtp_password(lambda stored: stored if is_encrypted(stored) else encrypt(stored))


def downgrade() -> None:
    from db.secret_key import decrypt
    _recode_smtp_password(decrypt)
    op.drop_table('sign_in_failures')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_user_sessions_user')
    op.drop_table('user_sessions')
