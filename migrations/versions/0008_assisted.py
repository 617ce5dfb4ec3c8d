"""Assisted submission: consent codes, assisted sessions, who submitted a dossier, counter payments; and
the files a supplement replaced, kept for the desk.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 23:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='authority'))

    op.create_table('assisted_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assistant_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.Enum('eid', 'code', name='consentmethod', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('permissions', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.Enum('ended', 'expired', 'revoked', name='sessionend', native_enum=False, create_constraint=False, length=20), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_assisted_session_agency_id_agency')),
    sa.ForeignKeyConstraint(['assistant_id'], ['person.id'], name=op.f('fk_assisted_session_assistant_id_person')),
    sa.ForeignKeyConstraint(['citizen_id'], ['person.id'], name=op.f('fk_assisted_session_citizen_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assisted_session'))
    )
    with op.batch_alter_table('assisted_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assisted_session_assistant_id'), ['assistant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assisted_session_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('consent_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assistant_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('permissions', sa.JSON(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_consent_code_agency_id_agency')),
    sa.ForeignKeyConstraint(['assistant_id'], ['person.id'], name=op.f('fk_consent_code_assistant_id_person')),
    sa.ForeignKeyConstraint(['citizen_id'], ['person.id'], name=op.f('fk_consent_code_citizen_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_code'))
    )
    with op.batch_alter_table('consent_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_code_assistant_id'), ['assistant_id'], unique=False)

    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assisted_session_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_dossier_assisted_session_id'), ['assisted_session_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_dossier_submitted_by_id_person'), 'person', ['submitted_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_dossier_assisted_session_id_assisted_session'), 'assisted_session', ['assisted_session_id'], ['id'])

    with op.batch_alter_table('supplement_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaced_files', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method', sa.String(length=20), nullable=False, server_default='vnpay'))
        batch_op.add_column(sa.Column('receipt_number', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_payment_recorded_by_id_person'), 'person', ['recorded_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('supplement_request', schema=None) as batch_op:
        batch_op.drop_column('replaced_files')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_payment_recorded_by_id_person'), type_='foreignkey')
        batch_op.drop_column('recorded_by_id')
        batch_op.drop_column('receipt_number')
        batch_op.drop_column('method')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dossier_assisted_session_id_assisted_session'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_dossier_submitted_by_id_person'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dossier_assisted_session_id'))
        batch_op.drop_column('assisted_session_id')
        batch_op.drop_column('submitted_by_id')
    with op.batch_alter_table('consent_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_code_assistant_id'))
    op.drop_table('consent_code')
    with op.batch_alter_table('assisted_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assisted_session_citizen_id'))
        batch_op.drop_index(batch_op.f('ix_assisted_session_assistant_id'))
    op.drop_table('assisted_session')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('kind')
