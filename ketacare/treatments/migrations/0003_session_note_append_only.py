"""Signed session notes are append-only: triggers refuse UPDATE and DELETE."""

from django.db import migrations

from ketacare.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("treatments", "0002_session_record")]

    operations = [append_only("treatments_sessionnote")]
