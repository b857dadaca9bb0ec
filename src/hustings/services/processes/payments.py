"""Payment providers for registered supporters' fees, behind one small interface.

A provider turns a webhook request into a `PaymentEvent` (who paid how much, when, and the
provider's own reference) or refuses it. Hustings never sees or stores card data: the provider
takes the payment and tells us only that it happened. `HmacWebhookProvider` is the stub shipped:
the body is JSON `{"reference", "person", "pence", "paid_at"}` signed with HMAC-SHA256 under a
shared secret (`HUSTINGS_PAYMENT_WEBHOOK_SECRET`), sent as `X-Hustings-Signature: sha256=<hex>`.
A real provider (Stripe, GoCardless) would be another class with the same `verify` method.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext

SIGNATURE_HEADER = "X-Hustings-Signature"
SECRET_VARIABLE = "HUSTINGS_PAYMENT_WEBHOOK_SECRET"


class PaymentRefused(ValueError):
    """A webhook call that is not a valid, signed payment notice."""


@dataclass(frozen=True, slots=True)
class PaymentEvent:
    reference: str
    person_ref: str
    pence: int
    paid_at: dt.datetime


class PaymentProvider(Protocol):
    name: str

    def verify(self, body: bytes, headers: Mapping[str, str]) -> PaymentEvent: ...


class HmacWebhookProvider:
    name = "webhook"

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("the webhook secret is empty")
        self._secret = secret.encode()

    def sign(self, body: bytes) -> str:
        return "sha256=" + hmac.new(self._secret, body, hashlib.sha256).hexdigest()

    def verify(self, body: bytes, headers: Mapping[str, str]) -> PaymentEvent:
        given = headers.get(SIGNATURE_HEADER, "")
        if not hmac.compare_digest(given, self.sign(body)):
            raise PaymentRefused(gettext("the signature does not match"))
        try:
            data = json.loads(body)
            event = PaymentEvent(
                reference=str(data["reference"]),
                person_ref=str(data["person"]),
                pence=int(data["pence"]),
                paid_at=dt.datetime.fromisoformat(str(data["paid_at"])),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise PaymentRefused(gettext("not a payment notice ({error})").format(error=error)) from None
        if event.pence <= 0 or not event.reference:
            raise PaymentRefused(gettext("a payment needs a reference and a positive amount"))
        return event


def configured_provider() -> PaymentProvider | None:
    """The stub provider with the secret from the settings (`HUSTINGS_PAYMENT_WEBHOOK_SECRET`), or
    None when none is set."""
    secret = str(getattr(settings, SECRET_VARIABLE, "") or "")
    return HmacWebhookProvider(secret) if secret else None
