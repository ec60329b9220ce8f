from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def _platform_prompts_load(sender: AppConfig, **kwargs: Any) -> None:  # Any: signal kwargs
    """Keep the platform prompt library in the table after every migrate and flush.

    Migration 0002 loads it once; a `flush` (test teardown, `manage.py flush`) empties the
    table and then sends `post_migrate`, so the library is written back here (idempotent).
    """
    from ketacare.journal.prompts import PLATFORM_PROMPTS

    # `migrate` passes its migration state (no Prompt after `migrate journal zero`); `flush`
    # passes none, and the installed models are current then.
    state = kwargs.get("apps") or global_apps
    try:
        prompt = state.get_model("journal", "Prompt")
    except LookupError:
        return
    using = kwargs.get("using", "default")
    for spec in PLATFORM_PROMPTS:
        prompt._default_manager.using(using).update_or_create(
            practice=None,
            code=spec.code,
            defaults={
                "phase": spec.phase,
                "domain": spec.domain,
                "text": spec.text,
                "for_reflection": spec.for_reflection,
            },
        )


class JournalConfig(AppConfig):
    name = "ketacare.journal"
    label = "journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        post_migrate.connect(_platform_prompts_load, sender=self)
