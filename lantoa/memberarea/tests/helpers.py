import re

from django.core import mail

from lantoa.memberarea import sms

CODE = re.compile(r"\b(\d{6})\b")


def last_emailed_code(address: str) -> str:
    for message in reversed(mail.outbox):
        if address in message.to:
            found = CODE.search(message.body)
            assert found is not None
            return found.group(1)
    raise AssertionError(f"no code was e-mailed to {address}")


def last_texted_code(phone: str) -> str:
    for sent in reversed(sms.outbox):
        if sent.phone == phone:
            found = CODE.search(sent.text)
            assert found is not None
            return found.group(1)
    raise AssertionError(f"no code was texted to {phone}")
