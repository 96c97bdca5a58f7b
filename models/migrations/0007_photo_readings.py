from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('bot', '0006_console')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='LinkFailure',
            options={
                'table': 'link_failure', 'app': 'bot', 'pk_attr': 'id',
                'table_description': "A failed attempt to link (unknown account or wrong surname), counted for the sender's",
            },
        ),
        ops.AddField(
            model_name='Reading',
            name='from_photo',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
