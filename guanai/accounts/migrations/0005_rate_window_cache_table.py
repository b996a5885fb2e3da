"""The cache table of settings.CACHES (the partner tokens' rate windows, shared by every server
process): made here so that `guanai migrate` is the only step an operator runs. Nothing to make when
the cache is Redis (CACHE_REDIS_URL)."""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_two_factor")]

    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop)]
