"""The token page (`/api/tokens/`): a signed-in user lists their API tokens, issues a named token
(its key shown once, on the page that answers the form) and revokes their own tokens. Issuing and
revoking go through `hustings.services.api_tokens`, which writes the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hustings.services import api_tokens
from hustings.web.api.forms import IssueTokenForm, RevokeTokenForm
from hustings.web.confirming import confirmation, confirmed
from hustings.web.users import signed_in


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    key = None
    status = 200
    if request.method == "POST":
        try:
            if "revoke" in request.POST and not confirmed(request):
                return _confirm_revoke(request, _token_id(RevokeTokenForm(request.POST)))
            if "revoke" in request.POST:
                token = api_tokens.revoke(signed_in(request), _token_id(RevokeTokenForm(request.POST)))
                messages.success(request, _("Revoked the token “%(token)s”.") % {"token": token.name})
                return redirect("api:tokens")
            issuing = IssueTokenForm(request.POST)
            token, key = api_tokens.issue(
                signed_in(request), issuing.cleaned_data["name"] if issuing.is_valid() else ""
            )
        except api_tokens.TokenError as error:
            words = str(error)
            messages.error(request, words[:1].upper() + words[1:] + ".")
            status = 400
    context = {"tokens": api_tokens.tokens_of(signed_in(request)), "key": key}
    return render(request, "api/tokens.html", context, status=status)


def _token_id(form: RevokeTokenForm) -> int:
    if not form.is_valid():
        raise api_tokens.TokenError("no such token of yours")
    token_id: int = form.cleaned_data["revoke"]
    return token_id


def _confirm_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """What revoking one of one's own tokens will do, before it is done (issue #14)."""
    token = api_tokens.token_of(signed_in(request), token_id)
    return confirmation(
        request,
        title=_("Revoke the token “%(token)s”?") % {"token": token.name},
        consequences=[
            _(
                "Every program using this token's key will be refused from the next request on. This cannot be "
                "undone: to let a program in again, create a new token and give it the new key."
            )
        ],
        fields=("revoke",),
        button=_("Yes, revoke the token"),
        back=reverse("api:tokens"),
        back_label=_("No, keep it"),
    )
