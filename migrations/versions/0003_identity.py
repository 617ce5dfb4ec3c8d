"""Identity: people signed in with the eID, their server-side sessions, staff roles, and the audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 20:00:03.065035

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('personal_id_number', sa.String(length=12), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=10), nullable=True),
    sa.Column('permanent_address', sa.Text(), nullable=False),
    sa.Column('address_parts', sa.JSON(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('assurance_level', sa.Integer(), nullable=False),
    sa.Column('notify_by_email', sa.Boolean(), nullable=False),
    sa.Column('notify_by_sms', sa.Boolean(), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_phone', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_signed_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('issuer', 'subject', name='uq_person_issuer_subject')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_personal_id_number'), ['personal_id_number'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=60), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=255), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_audit_event_person_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_event'), ['event'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_person_id'), ['person_id'], unique=False)

    op.create_table('sign_in_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.Enum('signed_out', 'idle_timeout', 'absolute_timeout', name='sessionend', native_enum=False, length=20), nullable=True),
    sa.Column('id_token', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_sign_in_session_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sign_in_session_token_hash'))
    )
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_session_person_id'), ['person_id'], unique=False)

    op.create_table('staff_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('officer', 'specialist', 'assistant', 'admin', name='staffrole', native_enum=False, length=20), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_staff_grant_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_grant')),
    sa.UniqueConstraint('issuer', 'subject', 'role', 'agency_id', name='uq_staff_grant')
    )
    with op.batch_alter_table('staff_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_grant_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_grant_subject'), ['subject'], unique=False)



def downgrade():
    with op.batch_alter_table('staff_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_grant_subject'))
        batch_op.drop_index(batch_op.f('ix_staff_grant_agency_id'))

    op.drop_table('staff_grant')
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_session_person_id'))

    op.drop_table('sign_in_session')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_person_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_event'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_personal_id_number'))

    op.drop_table('person')
