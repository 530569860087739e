"""calendar: a task may have a start time and a duration

Revision ID: 0007c
Revises: 0006d
Create Date: 2026-12-04 18:15:00

Issue 21 (calendar): `tasks.due_time` (the local time of day, in the app's
timezone, on `due_on`) and `tasks.duration_minutes`; both optional, a task
without a time stays an all-day task.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007c'
down_revision = '0006d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of `tasks`), as 0006d explains for SQLite.
    op.add_column('tasks', sa.Column('due_time', sa.Time(), nullable=True))
    op.add_column('tasks', sa.Column('duration_minutes', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_column('duration_minutes')
        batch_op.drop_column('due_time')
