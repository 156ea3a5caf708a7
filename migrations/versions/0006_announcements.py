"""announcements: a post to many subscribers writes one row, the worker fans it out

Writing a delivery per subscriber inside the web request made a post to
100,000 subscribers take most of a second. The request now writes one
announcement; the worker expands it into the outbox.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 15:05:00

"""
from alembic import op
import sqlalchemy as sa

import app.models.base


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('announcements',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event', sa.String(length=80), nullable=False),
    sa.Column('page_id', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.Enum('email', 'webhook', name='channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('component_ids', sa.JSON(), nullable=False),
    sa.Column('incident_id', sa.String(length=16), nullable=True),
    sa.Column('fresh', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expanded_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('recipients', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcements'))
    )
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.create_index('ix_announcements_pending', ['expanded_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.drop_index('ix_announcements_pending')
    op.drop_table('announcements')
