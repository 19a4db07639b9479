"""Locust scenarios for `bench/load.py` (which prepares the fixtures, starts the
server on 127.0.0.1 and runs this headless). Not meant for any other host.

Three kinds of visitor, weighted as a union's traffic is (readers far more
than members, members more than API clients):

- `Reader`: public news sites: a unit site's home, a section, an article (many
  different ones), site search, the RSS feed;
- `Member`: signed in to the member area: home, "Tham gia" (quizzes, surveys),
  the races;
- `ApiClient`: an officer's integration with a bearer token: units, members
  (searched), posts, opinions.

Every request carries a name (its URL pattern), so the figures are per kind of
page, not per URL. Fixtures come from the JSON file named by LANTOA_LOAD_FIXTURES.
"""

import json
import os
import random

from locust import HttpUser, between, task

FIXTURES = json.loads(open(os.environ["LANTOA_LOAD_FIXTURES"], encoding="utf-8").read())  # noqa: SIM115


def _pick(kind: str) -> str:
    return random.choice(FIXTURES["urls"][kind])


class Reader(HttpUser):
    weight = 6
    wait_time = between(0.2, 1.0)

    @task(2)
    def home(self) -> None:
        self.client.get(_pick("home"), name="public: site home")

    @task(2)
    def section(self) -> None:
        self.client.get(_pick("section"), name="public: section")

    @task(6)
    def article(self) -> None:
        self.client.get(_pick("article"), name="public: article")

    @task(1)
    def search(self) -> None:
        word = random.choice(FIXTURES["words"])
        self.client.get(f"{_pick('search')}?q={word}", name="public: search")

    @task(1)
    def feed(self) -> None:
        self.client.get(_pick("feed"), name="public: feed")


class Member(HttpUser):
    weight = 3
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        session = random.choice(FIXTURES["member_sessions"])
        self.client.cookies.set("sessionid", session)

    @task(3)
    def home(self) -> None:
        self.client.get("/thanh-vien/", name="member: home")

    @task(2)
    def join(self) -> None:
        self.client.get("/thanh-vien/tham-gia/", name="member: tham gia")

    @task(1)
    def member_page(self) -> None:
        self.client.get(_pick("member_page"), name="member: races")


class ApiClient(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {FIXTURES['api_token']}"

    @task(2)
    def units(self) -> None:
        self.client.get("/api/v1/units/", name="api: units")

    @task(2)
    def members(self) -> None:
        word = random.choice(FIXTURES["names"])
        self.client.get(f"/api/v1/members/?q={word}", name="api: members search")

    @task(1)
    def posts(self) -> None:
        self.client.get("/api/v1/posts/", name="api: posts")

    @task(1)
    def opinions(self) -> None:
        self.client.get("/api/v1/opinions/", name="api: opinions")
