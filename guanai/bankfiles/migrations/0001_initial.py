# The bank-file template moves from benefits to bankfiles, a lower layer, so that facilities' subsidy
# bank files use it too. The table benefits created (benefits 0005) is taken over as it is, rows kept:
# this migration only tells Django's state that the model is bankfiles', then 0002 renames the table.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('areas', '0001_initial'),
        ('benefits', '0005_bank_file_template'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BankFileTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name='ID')),
                        ('bank_name', models.CharField(max_length=60, verbose_name='代发银行')),
                        ('columns', models.CharField(default='seq,payee_name,id_number,account,amount,memo', help_text='按银行要求的顺序填写列代码，用逗号分隔：seq 序号, payee_name 姓名, id_number 身份证号, account 账号, amount 金额, memo 备注, bank 开户银行, line_id 明细编号, area_code 村(社区)代码, area_name 村(社区), person_name 对象姓名', max_length=300, verbose_name='列')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('area', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                                      to='areas.area', verbose_name='适用区划')),
                    ],
                    options={
                        'verbose_name': '银行代发文件模板',
                        'verbose_name_plural': '银行代发文件模板',
                        'db_table': 'benefits_bankfiletemplate',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
