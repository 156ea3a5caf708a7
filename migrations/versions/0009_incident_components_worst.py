"""incident components keep their worst status

An affected component's status on an incident is now the worst it reached
during it, not the last one set; this recomputes it for existing incidents
from the status changes each incident made.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# Worst first, as app.core.enums.COMPONENT_SEVERITY (a migration keeps its own).
SEVERITY = ['major_outage', 'partial_outage', 'degraded_performance',
            'under_maintenance', 'operational']


def upgrade():
    connection = op.get_bind()
    links = sa.table('incident_components', sa.column('incident_id'),
                     sa.column('component_id'), sa.column('status'))
    changes = sa.table('component_status_changes', sa.column('incident_id'),
                       sa.column('component_id'), sa.column('status'))
    worst = {}
    for incident_id, component_id, status in connection.execute(
        sa.select(links.c.incident_id, links.c.component_id, links.c.status)
    ):
        worst[(incident_id, component_id)] = status
    for incident_id, component_id, status in connection.execute(
        sa.select(changes.c.incident_id, changes.c.component_id, changes.c.status)
        .where(changes.c.incident_id.is_not(None))
    ):
        key = (incident_id, component_id)
        if key in worst and SEVERITY.index(status) < SEVERITY.index(worst[key]):
            worst[key] = status
            connection.execute(
                links.update()
                .where(links.c.incident_id == incident_id,
                       links.c.component_id == component_id)
                .values(status=status)
            )


def downgrade():
    pass  # the worst status is as true a record as the last one was
