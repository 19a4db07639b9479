"""The public search takes any text: the query parser lets only words through."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.newsroom.selectors import SEARCH_MAX_WORDS, search_articles, search_words

# What a probe sends: quotes, NUL, FTS operators, Vietnamese, anything.
NASTY = st.lists(
    st.sampled_from(['"', "\x00", "'", "*", "-", ":", "^", "(", ")", "AND", "OR", "NOT", "NEAR"])
    | st.sampled_from(["đại", "hội", "Đ", " ", "dai", "hoi", "công"])
    | st.text(max_size=3),
    max_size=20,
).map("".join)


@given(NASTY)
def test_words_are_only_letters_and_digits(text):
    words = search_words(text)
    assert re.fullmatch(r"[^\W_]*( [^\W_]+)*", words)
    assert len(words.split()) <= SEARCH_MAX_WORDS
    assert words == words.lower() or not words.isascii()


def test_keeps_the_words_of_a_vietnamese_query():
    assert search_words('  "Đại hội"  công-đoàn* ') == "dai hoi cong doan"


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(NASTY)
def test_any_query_searches_without_error(news, text):
    hits = search_articles(text)
    assert hits.count() in (0, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"', 'dai hoi"', "dai\x00hoi", "AND", "(", "dai* -hoi"])
def test_the_probes_queries_answer_a_page(client, news, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_quoted_query_still_finds_the_article(client, news):
    response = client.get("/tim-kiem/", {"q": '"Đại hội'})
    assert news.article.title in response.content.decode()
