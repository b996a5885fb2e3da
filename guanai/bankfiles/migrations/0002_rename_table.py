from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('bankfiles', '0001_initial'),
        ('benefits', '0006_bank_file_template_moved'),
    ]

    operations = [
        migrations.AlterModelTable(name='bankfiletemplate', table=None),
    ]
