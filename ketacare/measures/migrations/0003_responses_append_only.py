"""Questionnaire responses are signed records: the database refuses UPDATE and DELETE (C27)."""

from django.db import migrations

from ketacare.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_add_assignment_schedule_anchor")]
    operations = [append_only("measures_questionnaireresponse")]
