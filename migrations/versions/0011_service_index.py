"""The service index: how each decision went against the clock, and an index to read dossiers by day.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22 00:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('days_taken', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('on_time', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('paid_by', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('result_kind', sa.String(length=20), nullable=True))
        batch_op.create_index('ix_dossier_submitted_agency', ['submitted_at', 'agency_id'], unique=False,
                              postgresql_include=['state', 'submitted_by_id', 'decided_at', 'on_time', 'days_taken',
                                                  'appointment_date', 'paid_by', 'result_kind'])


def downgrade():
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_submitted_agency')
        batch_op.drop_column('result_kind')
        batch_op.drop_column('paid_by')
        batch_op.drop_column('on_time')
        batch_op.drop_column('days_taken')
