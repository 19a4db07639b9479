"""Django's SMTP e-mail backend, with a fast path for prerendered bulletin messages.

Django's `_send` re-parses the sender and every recipient address with the
standard library's full RFC 5322 parser (`sanitize_address`): ~0.4 ms per
message, more than the rest of our work per recipient. A `PrerenderedEmail`
carries its envelope already checked (`services.email`), so it goes straight
to `smtplib.sendmail`; any other message takes Django's path unchanged. The
SMTP settings, TLS, timeouts and errors are Django's own.
"""

from typing import Any

from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend

from lantoa.bulletin.services.email import PrerenderedEmail

DJANGO_SMTP = "django.core.mail.backends.smtp.EmailBackend"


class BulkSMTPBackend(DjangoSMTPBackend):
    def _send(self, email_message: Any) -> bool:
        if not isinstance(email_message, PrerenderedEmail):
            return bool(super()._send(email_message))  # type: ignore[misc]
        if self.connection is None:
            return False
        try:
            self.connection.sendmail(
                email_message.envelope_from, [email_message.envelope_to], email_message.raw
            )
        except Exception:
            if not self.fail_silently:
                raise
            return False
        return True
