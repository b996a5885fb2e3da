# The bank-file template now belongs to bankfiles (bankfiles 0001 takes over the table, rows kept):
# benefits forgets the model without dropping its table.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('benefits', '0005_bank_file_template'),
        ('bankfiles', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='BankFileTemplate')],
            database_operations=[],
        ),
    ]
