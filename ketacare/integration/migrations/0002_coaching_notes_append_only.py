"""Signed coaching notes are append-only in the database too (core.append_only)."""

from django.db import migrations

from ketacare.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("integration", "0001_initial")]

    operations = [append_only("integration_coachingsession")]
