"""delivery threads: an incident's emails to one subscriber go in order, threaded

Each delivery names its thread (an incident or a maintenance window) and
carries the time of the event it announces, so the worker sends a thread's
messages in order and each names those its subscriber received before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 23:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread', sa.String(length=40), nullable=True))
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_deliveries_thread', ['thread', 'subscriber_id'], unique=False)


def downgrade():
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_thread')
        batch_op.drop_column('thread')
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.drop_column('thread')
