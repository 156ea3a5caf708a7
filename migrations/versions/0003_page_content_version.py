"""page content version: the key of cached public renders

Every change the public can see bumps it in the same transaction, so a cached
render is served only while it is still exactly what the page shows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('content_version', sa.Integer(), server_default='1', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.drop_column('content_version')
