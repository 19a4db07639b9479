"""Synthetic members: name, gender, birth date, phone, e-mail, join date, status.

Everything derives from the `random.Random` handed in and from a fixed
reference date (never "today"), so the same seed yields the same people on
every machine and every day. Phone numbers are valid Vietnamese mobile numbers
in E.164; e-mail addresses live under example.com, a domain reserved for
documentation (RFC 2606), so no demo address can ever reach a real person.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from devstack.demo.org.names import full_name
from lantoa.core.text import search_key
from lantoa.org.choices import Gender, MemberStatus

REFERENCE_DATE = date(2026, 1, 1)
EARLIEST_JOIN = date(1986, 1, 1)

# Mobile prefixes after the 2018 renumbering (without the leading 0):
# Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile; Viettel is the largest.
MOBILE_PREFIXES = (
    "96", "97", "98", "86", "32", "33", "34", "35", "36", "37", "38", "39",
    "91", "94", "88", "81", "82", "83", "84", "85",
    "90", "93", "70", "76", "77", "78", "79",
    "56", "58", "59",
)  # fmt: skip
# Any multiplier coprime to 10**7 turns a sequence number into a distinct
# seven-digit subscriber number that does not look sequential.
_SCRAMBLE = 3_456_789
_STATUS_ROLL = ((0.95, MemberStatus.ACTIVE), (0.97, MemberStatus.SUSPENDED))


@dataclass(frozen=True)
class Person:
    public_id: uuid.UUID
    full_name: str
    search_name: str
    gender: str
    date_of_birth: date
    phone: str
    email: str
    join_date: date
    status: str


def _email_local(name: str) -> str:
    """Vietnamese corporate style: given name + initials ("Nguyễn Văn An" → "annv")."""
    words = search_key(name).split()
    return words[-1] + "".join(word[0] for word in words[:-1])


class PersonFactory:
    """Makes people one after another from one random stream.

    `female_share` reflects the workforce (oil and gas is mostly male).
    E-mail addresses are unique per factory; pass `email_domain=None` to leave
    them empty (the benchmark does not need them and saves the bookkeeping).
    """

    def __init__(self, rng: random.Random, *, female_share: float = 0.27) -> None:
        self.rng = rng
        self.female_share = female_share
        self._emails: dict[str, int] = {}
        self._seq = 0

    def person(self, *, email_domain: str | None = "example.com") -> Person:
        rng = self.rng
        self._seq += 1
        gender = Gender.FEMALE if rng.random() < self.female_share else Gender.MALE
        name = full_name(rng, gender)
        age_days = int(rng.triangular(20, 60, 34) * 365.25)
        born = REFERENCE_DATE - timedelta(days=age_days)
        earliest = max(EARLIEST_JOIN, born + timedelta(days=round(18.5 * 365.25)))
        span = max((REFERENCE_DATE - earliest).days - 30, 1)
        joined = earliest + timedelta(days=rng.randrange(span))
        roll = rng.random()
        status = next((s for limit, s in _STATUS_ROLL if roll < limit), MemberStatus.LEFT)
        phone = ""
        if rng.random() < 0.96:
            subscriber = (self._seq * _SCRAMBLE + 1_234_567) % 10_000_000
            phone = f"+84{rng.choice(MOBILE_PREFIXES)}{subscriber:07d}"
        email = ""
        if email_domain and rng.random() < 0.85:
            local = _email_local(name)
            key = f"{local}@{email_domain}"
            n = self._emails.get(key, 0) + 1
            self._emails[key] = n
            email = f"{local}{n if n > 1 else ''}@{email_domain}"
        return Person(
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            full_name=name,
            search_name=search_key(name),
            gender=gender,
            date_of_birth=born,
            phone=phone,
            email=email,
            join_date=joined,
            status=status,
        )
