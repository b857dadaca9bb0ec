"""`CodeDelivery`: what became of one voter's voting-code mail, sent by a background job.

`sending` is written (with the voter's new code's hash, in one transaction) before the message is
handed to the mail server, then `sent` or `refused` (with the server's words) after; `no address`
for a voter without an e-mail. A `sending` row left by a worker that died is sent again with a
fresh code when the job resumes. Reminders record no row per voter: a list of those reminded is a
list of those who have not voted, which officers must not see.
"""

from __future__ import annotations

from django.db import models


class CodeDelivery(models.Model):
    class Status(models.TextChoices):
        SENDING = "sending"
        SENT = "sent"
        REFUSED = "refused"
        NO_ADDRESS = "no address"

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="code_deliveries")
    entry = models.ForeignKey("ballots.RollEntry", on_delete=models.CASCADE, related_name="code_deliveries")
    status = models.CharField(max_length=16, choices=Status.choices)
    detail = models.CharField(max_length=300, blank=True, help_text="The mail server's answer, for a refusal.")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "entry"], name="mail_one_delivery_per_job_entry")]

    def __str__(self) -> str:
        return f"code mail to roll entry {self.entry_id}: {self.status}"
