"""user session generation: signing out ends every copy of the session cookie

Sessions live in a signed cookie, so a copy of it (from a shared machine, a
proxy log, malware) kept working after sign-out. Each user's sessions now name
a generation that signing out moves on, which every request checks.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 13:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
