"""Feedback and petitions (PAKN); files sent with them may have no owner account.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.alter_column('owner_id', existing_type=sa.Integer(), nullable=True)

    op.create_table('petition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_phone', sa.String(length=20), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Integer(), nullable=True),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.Enum('rules', 'handling', 'attitude', 'other', name='petitioncategory', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('publish_consent', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('received', 'handling', 'answered', name='petitionstatus', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_petition_agency_id_agency')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['person.id'], name=op.f('fk_petition_answered_by_id_person')),
    sa.ForeignKeyConstraint(['attachment_id'], ['stored_file.id'], name=op.f('fk_petition_attachment_id_stored_file')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_petition_dossier_id_dossier'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_petition_person_id_person')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedure.id'], name=op.f('fk_petition_procedure_id_procedure')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition')),
    sa.UniqueConstraint('code', name=op.f('uq_petition_code'))
    )
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_status'))
        batch_op.drop_index(batch_op.f('ix_petition_person_id'))
        batch_op.drop_index(batch_op.f('ix_petition_created_at'))
        batch_op.drop_index(batch_op.f('ix_petition_agency_id'))
    op.drop_table('petition')
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.alter_column('owner_id', existing_type=sa.Integer(), nullable=False)
