"""The service index: how each decision went against the clock, its day-by-day counts, and the indexes
that read them.

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


    op.create_index('ix_dossier_running', 'dossier', ['submitted_at'], unique=False,
                    postgresql_include=['agency_id', 'appointment_date'],
                    postgresql_where=sa.text("state IN ('submitted', 'received', 'processing')"),
                    sqlite_where=sa.text("state IN ('submitted', 'received', 'processing')"))
    op.create_table('service_day',
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('self_submitted', sa.Integer(), nullable=False),
    sa.Column('fully_online', sa.Integer(), nullable=False),
    sa.Column('decided', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.Column('days_total', sa.Integer(), nullable=False),
    sa.Column('paid', sa.Integer(), nullable=False),
    sa.Column('paid_online', sa.Integer(), nullable=False),
    sa.Column('results', sa.Integer(), nullable=False),
    sa.Column('e_results', sa.Integer(), nullable=False),
    sa.Column('ratings', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.Column('rating_total', sa.Integer(), nullable=False),
    sa.Column('pakn_due', sa.Integer(), nullable=False),
    sa.Column('pakn_on_time', sa.Integer(), nullable=False),
    sa.Column('refreshed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_service_day_agency_id_agency'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agency_id', 'day', name=op.f('pk_service_day'))
    )
    with op.batch_alter_table('service_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_day_day'), ['day'], unique=False)


def downgrade():
    with op.batch_alter_table('service_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_day_day'))
    op.drop_table('service_day')
    op.drop_index('ix_dossier_running', table_name='dossier')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_submitted_agency')
        batch_op.drop_column('result_kind')
        batch_op.drop_column('paid_by')
        batch_op.drop_column('on_time')
        batch_op.drop_column('days_taken')
