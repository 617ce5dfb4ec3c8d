"""Dossiers: drafts and submitted dossiers, their timeline, the daily sequences behind their codes, the
files handed in, in-portal notifications; and which required documents the e-form itself replaces.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 20:58:14.517284

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dossier_sequence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=60), nullable=False),
    sa.Column('day', sa.String(length=6), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_sequence')),
    sa.UniqueConstraint('agency_code', 'day', name='uq_dossier_sequence')
    )
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_notification_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_person_id'), ['person_id'], unique=False)

    op.create_table('stored_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], name=op.f('fk_stored_file_owner_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_file')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_stored_file_storage_key'))
    )
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_file_owner_id'), ['owner_id'], unique=False)

    op.create_table('dossier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=True),
    sa.Column('procedure_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('draft', 'awaiting_payment', 'submitted', 'received', 'processing', 'supplement_requested', 'result_ready', 'returned', 'not_received', 'refused', 'withdrawn', name='dossierstate', native_enum=False), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('completed_pages', sa.JSON(), nullable=False),
    sa.Column('fees_due', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('appointment_date', sa.Date(), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=True),
    sa.Column('purge_noticed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_dossier_agency_id_agency')),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], name=op.f('fk_dossier_owner_id_person')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedure.id'], name=op.f('fk_dossier_procedure_id_procedure')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier')),
    sa.UniqueConstraint('code', name=op.f('uq_dossier_code')),
    sa.UniqueConstraint('reference', name=op.f('uq_dossier_reference'))
    )
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_procedure_id'), ['procedure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_updated_at'), ['updated_at'], unique=False)

    op.create_table('dossier_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('requirement_code', sa.String(length=60), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_dossier_document_dossier_id_dossier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_file.id'], name=op.f('fk_dossier_document_file_id_stored_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_document')),
    sa.UniqueConstraint('dossier_id', 'requirement_code', name='uq_dossier_document')
    )
    with op.batch_alter_table('dossier_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_document_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_document_file_id'), ['file_id'], unique=False)

    op.create_table('dossier_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('from_state', sa.Enum('draft', 'awaiting_payment', 'submitted', 'received', 'processing', 'supplement_requested', 'result_ready', 'returned', 'not_received', 'refused', 'withdrawn', name='dossierstate', native_enum=False), nullable=True),
    sa.Column('to_state', sa.Enum('draft', 'awaiting_payment', 'submitted', 'received', 'processing', 'supplement_requested', 'result_ready', 'returned', 'not_received', 'refused', 'withdrawn', name='dossierstate', native_enum=False), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], name=op.f('fk_dossier_event_actor_id_person')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_dossier_event_dossier_id_dossier'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_event'))
    )
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_event_dossier_id'), ['dossier_id'], unique=False)

    with op.batch_alter_table('required_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_form', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('required_document', schema=None) as batch_op:
        batch_op.drop_column('from_form')

    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_event_dossier_id'))

    op.drop_table('dossier_event')
    with op.batch_alter_table('dossier_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_document_file_id'))
        batch_op.drop_index(batch_op.f('ix_dossier_document_dossier_id'))

    op.drop_table('dossier_document')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_updated_at'))
        batch_op.drop_index(batch_op.f('ix_dossier_state'))
        batch_op.drop_index(batch_op.f('ix_dossier_procedure_id'))
        batch_op.drop_index(batch_op.f('ix_dossier_owner_id'))
        batch_op.drop_index(batch_op.f('ix_dossier_agency_id'))

    op.drop_table('dossier')
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_file_owner_id'))

    op.drop_table('stored_file')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_person_id'))
        batch_op.drop_index(batch_op.f('ix_notification_created_at'))

    op.drop_table('notification')
    op.drop_table('dossier_sequence')
