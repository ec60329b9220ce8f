"""Sign in, sign out and accepting an invitation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from ketacare.accounts import services
from ketacare.accounts.exceptions import InvitationInvalid, InvitationNeedsSignIn
from ketacare.accounts.forms import (
    EmailAuthenticationForm,
    InvitationAcceptForm,
    PracticeSettingsForm,
    StaffInviteForm,
)
from ketacare.accounts.models import Role
from ketacare.accounts.selectors import lead_practice_or_403
from ketacare.accounts.selectors import practice_members as practice_members_list
from ketacare.accounts.types import AuthedHttpRequest


@method_decorator(login_not_required, name="dispatch")
class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        return context


class SignOutView(LogoutView):
    """POST-only sign-out that also clears the browser's cache and storage (ASVS 14.3.1)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except InvitationInvalid as exc:
        return render(
            request, "accounts/invitation_invalid.html", {"message": str(exc)}, status=404
        )
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signed_in = request.user if request.user.is_authenticated else None
        try:
            user = services.invitation_accept(
                token=token,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
                signed_in=signed_in,
            )
        except ValidationError as exc:
            form.add_error("password1", exc)
        except (InvitationInvalid, InvitationNeedsSignIn) as exc:
            return render(request, "accounts/invitation_invalid.html", {"message": str(exc)})
        else:
            if signed_in is None:  # a new account: sign it in; an existing one already is
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.practice.name}.")
            return redirect("home")
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/invitation_accept.html", context)


@require_http_methods(["GET", "POST"])
def practice_members(request: AuthedHttpRequest) -> HttpResponse:
    practice = lead_practice_or_403(request.user)
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.invitation_create(
            actor=request.user,
            practice=practice,
            email=form.cleaned_data["email"],
            role=Role(form.cleaned_data["role"]),
        )
        services.invitation_send(issued=issued)
        messages.success(request, "Invitation sent. The link is valid for 72 hours.")
        return redirect("accounts:members")
    members = practice_members_list(actor=request.user, practice=practice)
    context = {"practice": practice, "members": members, "form": form}
    return render(request, "accounts/members.html", context)


@require_http_methods(["GET", "POST"])
def practice_settings(request: AuthedHttpRequest) -> HttpResponse:
    practice = lead_practice_or_403(request.user)
    initial = {
        "crisis_resources": practice.crisis_resources,
        "alert_escalation_minutes": practice.alert_escalation_minutes,
    }
    form = PracticeSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.practice_settings_update(
            actor=request.user, practice=practice, **form.cleaned_data
        )
        messages.success(request, "Practice settings saved.")
        return redirect("accounts:practice-settings")
    return render(request, "accounts/practice_settings.html", {"form": form, "practice": practice})
