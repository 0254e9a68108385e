"""Email over SMTP (smtplib), configured by SURVEY_APP_SMTP_* and off without a host."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

from . import PermanentError, TransientError


def address_of(user) -> str | None:
    """The user's email address, if they gave one."""
    return (user.email or "").strip() or None


def make():
    """An SMTP channel from the app's configuration, or None when no host is set."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return None
    return SmtpChannel(host=config["SMTP_HOST"], port=int(config.get("SMTP_PORT") or 25),
                       user=config.get("SMTP_USER"), password=config.get("SMTP_PASSWORD"),
                       starttls=bool(config.get("SMTP_STARTTLS")),
                       sender=config.get("SMTP_FROM") or "noreply@localhost",
                       timeout=float(config.get("SMTP_TIMEOUT") or 10))


class SmtpChannel:
    """One SMTP connection per message: deliveries are few and spread out in time."""

    def __init__(self, *, host, port, user, password, starttls, sender, timeout):
        self.host, self.port, self.user, self.password = host, port, user, password
        self.starttls, self.sender, self.timeout = starttls, sender, timeout

    def message(self, address: str, subject: str, body: str, idempotency_key: str):
        """The UTF-8 message; its Message-ID comes from the idempotency key, so a resend
        after a crash is recognisably the same message to the receiving server."""
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, address, subject
        msg["Date"] = formatdate(localtime=False)
        domain = self.sender.rsplit("@", 1)[-1] or "localhost"
        msg["Message-ID"] = make_msgid(idstring=idempotency_key[:32], domain=domain)
        msg.set_content(body, charset="utf-8")
        return msg

    def send(self, address: str, subject: str, body: str, *, idempotency_key: str) -> str:
        """Send one message; connection trouble and 4xx are transient, 5xx permanent."""
        msg = self.message(address, subject, body, idempotency_key)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            raise _by_code(min(codes), f"recipient refused: {codes}") from exc
        except smtplib.SMTPResponseException as exc:
            raise _by_code(exc.smtp_code, f"SMTP {exc.smtp_code}") from exc
        except (smtplib.SMTPException, OSError) as exc:  # OSError covers timeouts
            raise TransientError(f"SMTP server unreachable: {exc.__class__.__name__}") from exc
        return msg["Message-ID"]


def _by_code(code: int, text: str) -> RuntimeError:
    """4xx means try again later; 5xx means never."""
    return PermanentError(text) if code >= 500 else TransientError(text)
