from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=12)),
                ('surname', fields.CharField(max_length=100)),
                ('address', fields.CharField(max_length=300)),
                ('zones', fields.SmallIntField()),
                ('digits', fields.SmallIntField()),
                ('prev_date', fields.DateField(null=True)),
                ('prev_total', fields.IntField(null=True)),
                ('prev_day', fields.IntField(null=True)),
                ('prev_night', fields.IntField(null=True)),
                ('prev_peak', fields.IntField(null=True)),
                ('prev_half_peak', fields.IntField(null=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'account', 'app': 'bot', 'pk_attr': 'id', 'table_description': 'A customer account with its meter and the last reading known from billing.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='InboundEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('dedup_key', fields.CharField(unique=True, max_length=255)),
                ('sender_psid', fields.CharField(max_length=64)),
                ('kind', fields.CharField(max_length=32)),
                ('standby', fields.BooleanField(default=False)),
                ('payload', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharField(default='pending', max_length=16)),
                ('attempts', fields.SmallIntField(default=0)),
                ('error', fields.TextField(null=True, unique=False)),
                ('claimed_by', fields.CharField(null=True, max_length=36)),
                ('claimed_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('handled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'inbound_event', 'app': 'bot', 'indexes': [Index(fields=['status', 'sender_psid', 'id'])], 'pk_attr': 'id', 'table_description': 'One event of a webhook delivery.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutgoingMessage',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recipient_psid', fields.CharField(max_length=64)),
                ('payload', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharField(default='pending', max_length=16)),
                ('attempts', fields.SmallIntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('claimed_by', fields.CharField(null=True, max_length=36)),
                ('claimed_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('error', fields.TextField(null=True, unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outgoing_message', 'app': 'bot', 'indexes': [Index(fields=['status', 'recipient_psid', 'id']), Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'One Send API request body (without the token), delivered in `id` order per recipient.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Sender',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('psid', fields.CharField(unique=True, max_length=64)),
                ('state', fields.CharField(default='idle', max_length=32)),
                ('state_data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sender', 'app': 'bot', 'pk_attr': 'id', 'table_description': 'A person who writes to the page, known by the page-scoped id (PSID) Meta gives them.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Link',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sender', fields.ForeignKeyField('bot.Sender', source_field='sender_id', db_constraint=True, to_field='id', related_name='links', on_delete=OnDelete.CASCADE)),
                ('account', fields.ForeignKeyField('bot.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='links', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'link', 'app': 'bot', 'unique_together': (('sender', 'account'),), 'pk_attr': 'id', 'table_description': 'A verified link between a sender and an account (unlinking deletes the row).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LinkFailure',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sender', fields.ForeignKeyField('bot.Sender', source_field='sender_id', db_constraint=True, to_field='id', related_name='link_failures', on_delete=OnDelete.CASCADE)),
                ('account', fields.ForeignKeyField('bot.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name='link_failures', on_delete=OnDelete.CASCADE)),
                ('number', fields.CharField(db_index=True, max_length=32)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'link_failure', 'app': 'bot', 'pk_attr': 'id', 'table_description': 'A failed attempt to link (unknown account or wrong surname), counted for the lock-out.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Reading',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('bot.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='readings', on_delete=OnDelete.CASCADE)),
                ('sender', fields.ForeignKeyField('bot.Sender', source_field='sender_id', null=True, db_constraint=True, to_field='id', related_name='readings', on_delete=OnDelete.SET_NULL)),
                ('period', fields.CharField(null=True, max_length=7)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('channel', fields.CharField(default='messenger', max_length=16)),
                ('source_mid', fields.CharField(null=True, max_length=255)),
                ('total', fields.IntField(null=True)),
                ('day', fields.IntField(null=True)),
                ('night', fields.IntField(null=True)),
                ('peak', fields.IntField(null=True)),
                ('half_peak', fields.IntField(null=True)),
            ],
            options={'table': 'reading', 'app': 'bot', 'indexes': [Index(fields=['account_id', 'submitted_at']), Index(fields=['period', 'account_id'])], 'pk_attr': 'id', 'table_description': 'A reading the bot accepted. A later one for the same period supersedes it in exports.'},
            bases=['Model'],
        ),
    ]
