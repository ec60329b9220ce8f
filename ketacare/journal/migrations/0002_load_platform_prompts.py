"""Load the platform prompt library (ketacare/journal/prompts.py) into the Prompt table."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from ketacare.journal.prompts import PLATFORM_PROMPTS


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    prompt = apps.get_model("journal", "Prompt")
    for spec in PLATFORM_PROMPTS:
        prompt.objects.update_or_create(
            practice=None,
            code=spec.code,
            defaults={
                "phase": spec.phase,
                "domain": spec.domain,
                "text": spec.text,
                "for_reflection": spec.for_reflection,
            },
        )


def unload(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    prompt = apps.get_model("journal", "Prompt")
    prompt.objects.filter(practice=None, code__in=[s.code for s in PLATFORM_PROMPTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
