"""Processing at the desk: the specialist assigned, supplement requests, results, apology letters, and
the procedure data they follow (the supplement clock, the e-result wording).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 22:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supplement_clock', sa.Enum('continue', 'restart', name='supplementclock', native_enum=False, create_constraint=False, length=20), nullable=False, server_default='continue'))
        batch_op.add_column(sa.Column('result_template', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_dossier_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_dossier_assignee_id_person'), 'person', ['assignee_id'], ['id'])

    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('step', sa.String(length=20), nullable=True))

    op.create_table('supplement_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('document_codes', sa.JSON(), nullable=False),
    sa.Column('days_left', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_supplement_request_dossier_id_dossier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['person.id'], name=op.f('fk_supplement_request_requested_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplement_request')),
    sa.UniqueConstraint('dossier_id', name=op.f('uq_supplement_request_dossier_id'))
    )
    op.create_table('result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_result_dossier_id_dossier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_file.id'], name=op.f('fk_result_file_id_stored_file')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['person.id'], name=op.f('fk_result_issued_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result')),
    sa.UniqueConstraint('dossier_id', name=op.f('uq_result_dossier_id')),
    sa.UniqueConstraint('token', name=op.f('uq_result_token'))
    )
    op.create_table('apology_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('missed_date', sa.Date(), nullable=False),
    sa.Column('new_date', sa.Date(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_apology_letter_dossier_id_dossier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_file.id'], name=op.f('fk_apology_letter_file_id_stored_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_apology_letter')),
    sa.UniqueConstraint('dossier_id', 'missed_date', name='uq_apology_letter')
    )
    with op.batch_alter_table('apology_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apology_letter_dossier_id'), ['dossier_id'], unique=False)


def downgrade():
    with op.batch_alter_table('apology_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apology_letter_dossier_id'))
    op.drop_table('apology_letter')
    op.drop_table('result')
    op.drop_table('supplement_request')
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.drop_column('step')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dossier_assignee_id_person'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dossier_assignee_id'))
        batch_op.drop_column('decided_at')
        batch_op.drop_column('assignee_id')
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('result_template')
        batch_op.drop_column('supplement_clock')
