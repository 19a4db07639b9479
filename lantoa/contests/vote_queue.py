"""Public votes through a Redis queue: store first, process after
(docs/subsystems/contests.md, "Votes in a burst").

With `LANTOA_CONTESTS_VOTE_QUEUE` (a Redis URL) a vote touches no database:
one Lua script on the queue's Redis counts the member's rate limit, claims
(member, entry) in the member's set of photos voted for in the contest (a
second vote is refused at once), counts the photo's votes in the current
minute (the burst watch) and pushes the vote's record. The drain
(`votes_drain`, every 5 seconds, and before results are computed) stores the
records in batches under the (entry, member) unique constraint, ignoring
conflicts, with their audit entries; the queue is trimmed only after the
commit (lantoa/core/write_queue.py), so a drain that dies after its commit
and runs again stores nothing twice.
"""

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from redis.commands.core import Script

from lantoa.contests import actors
from lantoa.contests.choices import AuditAction
from lantoa.contests.models import Entry, Vote
from lantoa.core import write_queue
from lantoa.core.audit import AuditItem, audit_record_many
from lantoa.core.ratelimit import counted_hit_lua
from lantoa.org.public import Member

SETTING = "LANTOA_CONTESTS_VOTE_QUEUE"
QUEUE_KEY = "lantoa:contests:votes"
DRAIN_LOCK = "lantoa:contests:votes:drain"
KEY_PREFIX = "lantoa:contests"
# The claims outlive the vote by a day: a late double tap is still refused
# at once, and the drain has long stored every vote.
CLAIM_KEPT_AFTER_VOTING = dt.timedelta(days=1)
# Results wait this long for a running drain before refusing to compute.
RESULTS_DRAIN_WAIT = 30.0


def queue() -> Any:
    """The vote queue's Redis client, or None (votes are written directly)."""
    return write_queue.queue_client(SETTING)


def voted_key(contest_id: int, member_id: int) -> str:
    return f"{KEY_PREFIX}:voted:{contest_id}:{member_id}"


def minute_key(entry_id: int, minute: dt.datetime) -> str:
    return f"{KEY_PREFIX}:minute:{entry_id}:{minute:%Y%m%d%H%M}"


QUEUED, RATE_LIMITED, ALREADY_VOTED = 0, 1, 2

# The rate limit and the minute's count of core.ratelimit, with the claim of
# (member, entry) before the count and the record pushed after it.
# KEYS: member's rate key, entry's minute counter, its "past the threshold"
# claim, the member's voted set, the queue.
# ARGV: rate limit, rate window, minute counter ttl, burst threshold, entry
# id, voted set expires at (unix), the record.
_CAST = Script(
    None,  # type: ignore[arg-type]  # the client is given at each call
    counted_hit_lua(
        then_count="""
if redis.call('SADD', KEYS[4], ARGV[5]) == 0 then return {2, 0, 0} end
redis.call('EXPIREAT', KEYS[4], ARGV[6])
""",
        then_return="redis.call('RPUSH', KEYS[5], ARGV[7])",
    ),
)


@dataclass(frozen=True)
class Cast:
    """What the script decided: QUEUED, RATE_LIMITED or ALREADY_VOTED; for
    a queued vote, the photo's count in the minute and whether this vote is
    the one that passed the burst threshold."""

    outcome: int
    count: int = 0
    first_over: bool = False


@dataclass(frozen=True)
class Record:
    """A queued vote: its own id (traced in the audit entry), who voted for
    what, when, and as whom."""

    id: str
    member_id: int
    entry_id: int
    contest_id: int
    user_id: int
    at: dt.datetime
    unit_path: str

    def encode(self) -> str:
        return (
            f"{self.id}|{self.member_id}|{self.entry_id}|{self.contest_id}|{self.user_id}|"
            f"{self.at.timestamp():.6f}|{self.unit_path}"
        )

    @classmethod
    def decode(cls, raw: bytes) -> "Record":
        id_, member, entry, contest, user, at, unit_path = raw.decode().split("|")
        return cls(
            id=id_,
            member_id=int(member),
            entry_id=int(entry),
            contest_id=int(contest),
            user_id=int(user),
            at=dt.datetime.fromtimestamp(float(at), tz=dt.UTC),
            unit_path=unit_path,
        )


def cast(
    client: Any,
    *,
    member: Member,
    entry: Entry,
    user_id: int,
    now: dt.datetime,
    minute: dt.datetime,
    rate: tuple[int, int],
    burst_threshold: int,
    claim_until: dt.datetime,
) -> Cast:
    """Run the vote's one script on the queue's Redis."""
    record = Record(
        id=os.urandom(8).hex(),
        member_id=member.pk,
        entry_id=entry.pk,
        contest_id=entry.contest_id,
        user_id=user_id,
        at=now,
        unit_path=member.unit_path,
    )
    limit, window = rate
    outcome, count, first_over = _CAST(
        keys=[
            f"{KEY_PREFIX}:rate:{member.pk}",
            minute_key(entry.pk, minute),
            f"{minute_key(entry.pk, minute)}:over",
            voted_key(entry.contest_id, member.pk),
            QUEUE_KEY,
        ],
        args=[
            limit,
            window,
            120,
            burst_threshold,
            entry.pk,
            int((claim_until + CLAIM_KEPT_AFTER_VOTING).timestamp()),
            record.encode(),
        ],
        client=client,
    )
    return Cast(int(outcome), int(count), bool(first_over))


def claimed(contest_id: int, member_id: int) -> set[int]:
    """The photos of the contest the member's votes claimed in the queue
    (stored or not yet); empty without a queue."""
    client = queue()
    if client is None:
        return set()
    return {int(e) for e in client.smembers(voted_key(contest_id, member_id))}


# -- the drain ----------------------------------------------------------------


def _insert(records: list[Record]) -> list[tuple[int, int, int]]:
    """INSERT the votes, skipping those already stored (the unique
    constraint); (id, entry, member) of the rows actually inserted."""
    if not records:
        return []
    table = connection.ops.quote_name(Vote._meta.db_table)
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(records))
    params: list[Any] = []
    for r in records:
        params += [r.contest_id, r.entry_id, r.member_id, r.at]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (contest_id, entry_id, member_id, created_at) "  # noqa: S608
            f"VALUES {rows} ON CONFLICT (entry_id, member_id) DO NOTHING "
            "RETURNING id, entry_id, member_id",
            params,
        )
        return [(int(a), int(b), int(c)) for a, b, c in cursor.fetchall()]


def _existing(records: Iterable[Record]) -> list[Record]:
    """The records whose photo and member still exist (one deleted since the
    vote would fail the whole batch on its foreign key)."""
    records = list(records)
    entries = set(
        Entry.objects.filter(pk__in={r.entry_id for r in records}).values_list("pk", flat=True)
    )
    members = set(
        Member.objects.filter(pk__in={r.member_id for r in records}).values_list("pk", flat=True)
    )
    return [r for r in records if r.entry_id in entries and r.member_id in members]


def _store(raw: list[bytes]) -> None:
    # The same (entry, member) twice in one batch cannot come from the
    # script (the claim refuses it) but would from a replayed record: keep one.
    unique = {(r.entry_id, r.member_id): r for r in map(Record.decode, raw)}
    records = _existing(unique.values())
    inserted = _insert(records)
    User = get_user_model()
    # An account deleted since its vote: the drain itself is named instead.
    users = set(
        User.objects.filter(pk__in={r.user_id for r in records}).values_list("pk", flat=True)
    )
    audit_record_many(
        action=AuditAction.VOTE_CAST,
        items=[
            AuditItem(
                actor=User(pk=record.user_id) if record.user_id in users else actors.VOTES_DRAIN,
                target=Vote(pk=vote_id, entry_id=entry_id, member_id=member_id),
                unit_path=record.unit_path,
                data={
                    "entry": entry_id,
                    "user": record.user_id,
                    "cast_at": record.at.isoformat(),
                    "record": record.id,
                },
            )
            for vote_id, entry_id, member_id in inserted
            for record in (unique[(entry_id, member_id)],)
        ],
    )


def votes_drain(*, batch: int = write_queue.DRAIN_BATCH, wait: float = 0.0) -> int:
    """Move the queued votes into the database with their audit entries;
    returns how many records were read (0 without a queue). `wait`: see
    `write_queue.drain` (DrainBusy when a running drain does not finish)."""
    client = queue()
    if client is None:
        return 0
    return write_queue.drain(
        client, key=QUEUE_KEY, lock=DRAIN_LOCK, store=_store, batch=batch, wait=wait
    )
