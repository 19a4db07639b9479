"""schemathesis against our own OpenAPI document (`/api/v1/openapi.json`).

Every operation is called with generated requests, valid and invalid, by an
officer holding a bearer token, through Django's WSGI application in this
process (same test database, no server to start). Every answer must:

- not be a 5xx;
- be a status the operation documents, with the documented body, content type
  and headers;
- for an invalid request (a wrong type, a missing field, an unknown parameter):
  be refused;
- for a request the schema calls valid: not be refused by request validation
  (`validation_error`), i.e. the API accepts what it documents. A documented
  business refusal (422 `invalid_input`, 400 `post_rejected`: a campaign ending
  before it starts, a post too long for a channel) is an answer, not a failure.

Bounded: EXAMPLES_PER_OPERATION examples per operation, derandomised (the same
requests every run), no deadline; about a minute for the whole API.
"""

import datetime as dt
import json
import uuid
import zlib

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from wagtail.models import APIToken

from devstack.fakes import FakeTelegram
from lantoa.analytics.tests.factories import DeliveryFactory
from lantoa.campaigns.tests.factories import (
    CampaignFactory,
    CampaignPhaseFactory,
    DirectiveFactory,
    DirectiveTaskFactory,
    PlanItemFactory,
)
from lantoa.channels.choices import DeliveryStatus, PostStatus
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.listening.choices import AlertKind
from lantoa.listening.models import Alert
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory

OPENAPI = "/api/v1/openapi.json"
EXAMPLES_PER_OPERATION = 25
# Refusals a valid-looking request may get for a rule the schema cannot state.
BUSINESS_REFUSALS = {(422, "invalid_input"), (400, "post_rejected")}

# Loaded once, at collection, from the endpoint itself: what clients download.
# (schemathesis's fixture-based loading needs pytest internals pytest 9 removed.)
schema = schemathesis.openapi.from_wsgi(OPENAPI, WSGIHandler())
# One plaintext for the run: schemathesis sets the header on some cases while
# collecting, before any fixture; each test stores it for its officer.
TOKEN = APIToken.generate_token()


@schema.auth(refresh_interval=None)
class OfficerToken:
    """The officer's bearer token; left out where a case drops it on purpose."""

    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


class RefusedAsInvalid(AssertionError):
    pass


@schemathesis.check
def schema_valid_requests_pass_validation(ctx, response, case):
    """A request generated from the schema is never refused by request
    validation: what the document allows, the API accepts."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code in (400, 422):
        try:
            code = json.loads(response.content).get("code")
        except (ValueError, AttributeError):
            code = None
        if (response.status_code, code) not in BUSINESS_REFUSALS:
            raise RefusedAsInvalid(
                f"Schema-valid request refused: {response.status_code} {code}: "
                f"{response.content[:500]!r}"
            )
    return None


@pytest.fixture(autouse=True)
def _keep_the_test_connection(db):
    """Django's WSGI handler closes the database connection after each request;
    the test's connection (and its transaction) must stay open, as Django's test
    client keeps it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(tree):
    officer = RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user
    APIToken.objects.create(
        user=officer, name="fuzz", key_hash=APIToken.hash_token(TOKEN), prefix=TOKEN[:8]
    )


@pytest.fixture
def fake_telegram(settings):
    """Deliveries the fuzzer retries are sent, to the local Telegram fake."""
    from lantoa.channels.adapters import http

    with FakeTelegram() as fake:
        settings.LANTOA_CHANNEL_API_URLS = {
            **settings.LANTOA_CHANNEL_API_URLS,
            "telegram_channel": fake.base_url,
        }
        http.reset_client()
        yield fake
    http.reset_client()


@pytest.fixture
def world(tree, fake_telegram):
    """One of everything the API shows, in the officer's unit (and a sibling's,
    outside the scope), so that answers about real objects are checked too."""
    now = timezone.now()
    members = [MemberFactory(unit=u) for u in (tree.unit, tree.child, tree.sibling)]
    channel = ChannelAccountFactory(
        unit=tree.unit,
        external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN, "webhook_secret": "s3cret"},
        followers=1234,
    )
    deliveries = [
        DeliveryFactory(account=channel, status=status, sent_at=None, last_error="Lỗi")
        for status in (DeliveryStatus.FAILED, DeliveryStatus.SCHEDULED)
    ]
    deliveries.append(DeliveryFactory(account=channel, external_url="https://t.me/c/1/2"))
    posts = [d.post for d in deliveries] + [
        PostFactory(unit=tree.unit, status=PostStatus.SUBMITTED),
        PostFactory(unit=tree.sibling, status=PostStatus.SUBMITTED),
    ]
    campaign = CampaignFactory(unit=tree.unit, goal_reach=10_000, goal_unit_share=80)
    CampaignPhaseFactory(campaign=campaign)
    directive = DirectiveFactory(sender_unit=tree.parent, sent=True)
    tasks = [DirectiveTaskFactory(directive=directive, unit=u) for u in (tree.unit, tree.child)]
    draft = DirectiveFactory(sender_unit=tree.unit)
    PlanItemFactory(unit=tree.unit)
    opinions = [
        OpinionFactory(unit=tree.unit, spans=[{"start": 0, "end": 4, "text": "Ý ki"}]),
        OpinionFactory(unit=tree.unit, sentiment="negative", toxicity="offensive"),
        OpinionFactory(unit=tree.sibling),
    ]
    Alert.objects.create(
        unit=tree.unit,
        kind=AlertKind.choices[0][0],
        window_start=now - dt.timedelta(hours=1),
        window_end=now,
        count=12,
        negative_count=9,
        baseline_mean=2.5,
        top_keywords=["bữa ăn ca"],
    )
    units = [tree.unit, tree.child, tree.sibling]
    return {
        "units": [u.public_id for u in units],
        "members": [m.public_id for m in members],
        "deliveries": [d.public_id for d in deliveries],
        "posts": [p.public_id for p in posts],
        "opinions": [o.public_id for o in opinions],
        "campaigns": [campaign.public_id],
        "directives": [directive.public_id, draft.public_id],
        "directive-tasks": [t.public_id for t in tasks],
        "channels": [channel.public_id],
    }


# Which pool a UUID named so (in a path, a query or a body) is drawn from.
POOL_BY_FIELD = {
    "unit": "units",
    "target_unit": "units",
    "sender_unit": "units",
    "chosen_units": "units",
    "channel": "channels",
    "channels": "channels",
    "campaign": "campaigns",
    "directive": "directives",
}


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def _point_at_real_objects(case, world):
    """Half of the valid cases name existing objects instead of random UUIDs
    (chosen from the case itself, so the same every run)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    seed = zlib.crc32(repr((case.path_parameters, case.query, case.body)).encode())
    if seed % 2:
        return
    pick = seed // 2
    if case.path_parameters and "public_id" in case.path_parameters:
        pool = world[case.path.removeprefix("/api/v1/").split("/")[0]]
        case.path_parameters["public_id"] = str(pool[pick % len(pool)])
    for container in (case.query, case.body):
        if not isinstance(container, dict):
            continue
        for field, pool_name in POOL_BY_FIELD.items():
            value = container.get(field)
            pool = world[pool_name]
            if _is_uuid(value):
                container[field] = str(pool[pick % len(pool)])
            elif isinstance(value, list) and value and all(_is_uuid(v) for v in value):
                container[field] = [str(pool[pick % len(pool)])]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_match_the_schema(case, officer_token, world):
    _point_at_real_objects(case, world)
    case.call_and_validate(
        excluded_checks=[positive_data_acceptance],
        additional_checks=[schema_valid_requests_pass_validation],
    )
