"""page logos: uploaded and served by Beacon instead of hotlinked URLs

A logo URL pointed at the client's own server (down exactly when the status page
matters) and the CSP (img-src 'self') blocked it anyway, so no stored URL was
ever shown. The column goes; admins upload the logo instead (see README).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 12:06:28.744876

"""
from alembic import op
import sqlalchemy as sa

import app.models.base


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page_logos',
    sa.Column('page_id', sa.String(length=16), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], name=op.f('fk_page_logos_page_id_pages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('page_id', name=op.f('pk_page_logos'))
    )
    # Batch mode copies the table on SQLite (which cannot always drop a column
    # in place); Beacon leaves SQLite's foreign keys off, so the copy cascades nothing.
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.drop_column('logo_url')


def downgrade():
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo_url', sa.VARCHAR(length=500), nullable=True))

    op.drop_table('page_logos')
