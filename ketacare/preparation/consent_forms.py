"""HTML forms for consent documents, signatures, withdrawals and intentions."""

from __future__ import annotations

from django import forms

from ketacare.preparation.models import ConsentKind, IntentionScope


class ConsentPublishForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of consent", choices=ConsentKind.choices)
    title = forms.CharField(label="Title", max_length=200)
    body = forms.CharField(
        label="Text (Markdown)", widget=forms.Textarea(attrs={"rows": 14}), max_length=50_000
    )


class ConsentSignForm(forms.Form):
    typed_full_name = forms.CharField(label="Type your full name", max_length=200)
    # Not required here: the service owns the rule and its message (consent_exceptions).
    confirmed = forms.BooleanField(
        label="I have read this document and I agree to it", required=False
    )


class ConsentWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional; only your care team sees it)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class IntentionForm(forms.Form):
    scope = forms.ChoiceField(
        label="This intention is", choices=IntentionScope.choices, widget=forms.RadioSelect
    )
    session_label = forms.CharField(
        label="Which session (for example, Session 2)", max_length=40, required=False
    )
    body = forms.CharField(
        label="Your intention", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class IntentionEditForm(forms.Form):
    body = forms.CharField(
        label="Your intention", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
