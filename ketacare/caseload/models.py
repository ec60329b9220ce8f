"""The materialised caseload: one attention row per client (docs/decisions/0008).

Derived data only: every value is recomputed from the clinical tables by
`ketacare.caseload.attention.attention_refresh`. Database triggers (`caseload.triggers`) set
``stale`` whenever a table a signal reads changes, and ``fresh_until`` expires the row when
time alone would change it, so a read never shows a row that is out of date. A trigger
also inserts a (stale) row for every new client, so every client has one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.caseload.reasons import KIND_FLAG
from ketacare.clients.models import Client

# The flag columns the counts read: any reason at all, then one per reason kind.
FLAG_COLUMNS: tuple[str, ...] = ("needs_attention", *KIND_FLAG.values())


class Attention(models.Model):
    """Why one client needs attention now, as computed at ``computed_at``.

    Attributes:
        reasons: the reasons in badge order, each ``{"kind", "label", "severity", "count",
            "on", "url_name", "url_takes_client", "points"}`` (no free text: labels are counts
            and scores, e.g. "2 questionnaires overdue", "Relapse signal (PHQ-9 13)").
        sort_name: the case-folded display name, for the page's order only.
        row_html: the caseload table's row for this client (`caseload.rendering.row_html`).
        code_version: `attention.CODE_VERSION` of the code that computed the row.
        stale: set by the triggers when a source row changed; cleared by a refresh.
        fresh_until: when the values expire by time alone (the next midnight UTC or an open
            questionnaire's due time).
    """

    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, primary_key=True, related_name="attention"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    # The client's own sign-in, if any: a practitioner who is also a client never sees their
    # own record on their caseload, and the filter needs no join.
    client_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reasons = models.JSONField(default=list)
    score = models.PositiveIntegerField(default=0)
    urgent = models.BooleanField(default=False)
    stop = models.BooleanField(default=False)
    needs_attention = models.BooleanField(default=False)
    has_alert = models.BooleanField(default=False)
    has_relapse = models.BooleanField(default=False)
    has_rems = models.BooleanField(default=False)
    has_questionnaire = models.BooleanField(default=False)
    has_check_in = models.BooleanField(default=False)
    has_follow_up = models.BooleanField(default=False)
    next_session_on = models.DateField(null=True)
    sort_name = models.CharField(max_length=170, default="")
    row_html = models.TextField(default="")
    code_version = models.CharField(max_length=16, default="")
    stale = models.BooleanField(default=True)
    fresh_until = models.DateTimeField()
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                "practice",
                models.F("urgent").desc(),
                models.F("stop").desc(),
                models.F("score").desc(),
                "sort_name",
                "client",
                name="caseload_attention_order",
            ),
            # Covers the counts and the freshness check of a practice (no table reads).
            models.Index(
                fields=[
                    "practice",
                    *FLAG_COLUMNS,
                    "stale",
                    "fresh_until",
                    "computed_at",
                    "code_version",
                    "client_user",
                ],
                name="caseload_attention_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"Attention(client={self.client_id}, score={self.score})"
