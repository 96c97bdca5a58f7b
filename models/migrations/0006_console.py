from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

# One row per bucket of `models.latency.BUCKETS`, and +Inf.
_BUCKETS = ('0.25', '0.5', '1.0', '2.5', '5.0', '10.0', '30.0', '60.0', '300.0', '+Inf')
_BUCKET_ROWS = ', '.join(f"('{le}', 0, 0)" for le in _BUCKETS)

class Migration(migrations.Migration):
    dependencies = [('bot', '0005_reminders')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DeletionRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('channel', fields.CharField(max_length=16)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('senders_deleted', fields.IntField(default=0)),
            ],
            options={'table': 'deletion_request', 'app': 'bot', 'pk_attr': 'id', 'table_description': 'One request: its confirmation `code`, when it came and how many senders it matched.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Handover',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharField(max_length=16)),
                ('external_id', fields.CharField(max_length=64)),
                ('opened_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_by', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'handover', 'app': 'bot', 'indexes': [Index(fields=['channel', 'external_id', 'closed_at']), Index(fields=['closed_at', 'opened_at'])], 'pk_attr': 'id', 'table_description': "One request for a person: who (`channel`, `external_id`), when, the operator's last"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LatencyBucket',
            fields=[
                ('le', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=16)),
                ('count', fields.BigIntField(default=0)),
                ('total', fields.FloatField(default=0.0)),
            ],
            options={'table': 'latency_bucket', 'app': 'bot', 'pk_attr': 'le', 'table_description': 'Replies observed within `le` seconds (not cumulative: the exposition adds them up).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Operator',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=64)),
                ('password_hash', fields.CharField(max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'operator', 'app': 'bot', 'pk_attr': 'id', 'table_description': 'A console sign-in: the password only as a salted scrypt hash (`console.passwords`).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OperatorAction',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('operator', fields.CharField(max_length=64)),
                ('action', fields.CharField(max_length=16)),
                ('target', fields.CharField(max_length=100)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'operator_action', 'app': 'bot', 'indexes': [Index(fields=['at'])], 'pk_attr': 'id', 'table_description': 'One thing an operator did in the console (retry, reply, close, forget), and when.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OperatorSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token', fields.CharField(unique=True, max_length=64)),
                ('operator', fields.ForeignKeyField('bot.Operator', source_field='operator_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'operator_session', 'app': 'bot', 'pk_attr': 'id', 'table_description': 'A signed-in browser: the cookie carries `token` signed, and signing out ends the row.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Refusal',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharField(max_length=16)),
                ('reason', fields.CharField(max_length=32)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'refusal', 'app': 'bot', 'indexes': [Index(fields=['created_at', 'reason'])], 'pk_attr': 'id', 'table_description': 'One refused reading: its channel and the check it failed (`handlers.validation.Problem`).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='OutgoingMessage',
            name='failed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='OutgoingMessage',
            name='received_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddIndex(
            model_name='OutgoingMessage',
            index=Index(fields=['failed_at', 'channel']),
        ),
        ops.AddIndex(
            model_name='Reading',
            index=Index(fields=['channel', 'submitted_at']),
        ),
        ops.RunSQL(f"INSERT INTO latency_bucket (le, count, total) VALUES {_BUCKET_ROWS}"),
    ]
