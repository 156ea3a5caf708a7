"""component uptime days and page content time: renders that do not scan history

The daily uptime roll-up, kept on write: renders read a few rows (the days
that were not simply operational) instead of 90 days of status history. And
the time of each page's last visible change, stamped with its content version,
which the v2 API reports as page.updated_at instead of scanning every update.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'component_uptime_days',
        sa.Column('component_id', sa.String(length=16), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('observed_seconds', sa.Double(), nullable=False),
        sa.Column('downtime_seconds', sa.Double(), nullable=False),
        sa.Column('statuses', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ['component_id'], ['components.id'],
            name=op.f('fk_component_uptime_days_component_id_components'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('component_id', 'day', name=op.f('pk_component_uptime_days')),
    )
    with op.batch_alter_table('components', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uptime_rolled_through', sa.Date(), nullable=True))
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_updated_at', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE pages SET content_updated_at = updated_at')
    op.create_index('ix_incidents_page_status', 'incidents', ['page_id', 'status'])
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.alter_column('content_updated_at', nullable=False)


def downgrade():
    op.drop_index('ix_incidents_page_status', table_name='incidents')
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.drop_column('content_updated_at')
    with op.batch_alter_table('components', schema=None) as batch_op:
        batch_op.drop_column('uptime_rolled_through')
    op.drop_table('component_uptime_days')
