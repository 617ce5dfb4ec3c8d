"""Payments: one row per attempt at the gateway, with what the gateway said.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 21:10:17.514179

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('txn_ref', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'paid', 'failed', 'cancelled', 'expired', 'refunded', name='paymentstate', native_enum=False, length=20), nullable=False),
    sa.Column('order_info', sa.String(length=255), nullable=False),
    sa.Column('client_ip', sa.String(length=45), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('response_code', sa.String(length=4), nullable=True),
    sa.Column('transaction_no', sa.String(length=40), nullable=True),
    sa.Column('bank_code', sa.String(length=20), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refund_due', sa.Boolean(), nullable=False),
    sa.Column('refunded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refund_reason', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_payment_dossier_id_dossier'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment')),
    sa.UniqueConstraint('txn_ref', name=op.f('uq_payment_txn_ref'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_state'), ['state'], unique=False)



def downgrade():
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_state'))
        batch_op.drop_index(batch_op.f('ix_payment_dossier_id'))

    op.drop_table('payment')
