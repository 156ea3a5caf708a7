"""page components version: the key of the cached component list

Posting an update changes what a status page says about its incident, but not
its component list and uptime bars, most of a render. Those are cached under a
version that only their own changes bump.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('components_version', sa.Integer(), server_default='1', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.drop_column('components_version')
