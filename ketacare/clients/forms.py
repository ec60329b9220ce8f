"""Forms for client records."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from ketacare.accounts.models import User


def _practitioner_label(user: User) -> str:
    return user.display_name or user.email


class ClientInviteForm(forms.Form):
    """A lead opens a client record and invites the client."""

    given_name = forms.CharField(label="Given name", max_length=80)
    family_name = forms.CharField(label="Family name", max_length=80)
    email = forms.EmailField(label="Client's e-mail address", max_length=254)
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    practitioner = forms.ModelChoiceField(
        label="Primary practitioner", queryset=User.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args: object, practitioners: QuerySet[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["practitioner"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (narrowing for mypy)
        field.queryset = practitioners
        field.label_from_instance = _practitioner_label  # type: ignore[method-assign,assignment]
