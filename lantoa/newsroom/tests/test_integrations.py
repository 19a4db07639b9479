"""The newsroom hands over to the other capabilities: reader feedback becomes an
opinion for listening; a published article is shared on the unit's channels."""

from django.contrib.auth.models import AnonymousUser

from lantoa.channels.choices import DeliveryStatus, PostSource
from lantoa.channels.models import Delivery, Post
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.models import EventDelivery, StoredEvent
from lantoa.listening.choices import OpinionSource
from lantoa.listening.models import Opinion
from lantoa.newsroom.actors import PUBLICATIONS_REANNOUNCE
from lantoa.newsroom.services import articles_published_reannounce, feedback_submit
from lantoa.newsroom.tests.factories import ArticlePageFactory


def test_feedback_becomes_an_opinion_without_the_readers_identity(news):
    feedback = feedback_submit(
        actor=AnonymousUser(),
        unit=news.tree.unit,
        article=news.article,
        text="Đề nghị công đoàn quan tâm hơn đến nhà ở công nhân.",
        name="Nguyễn Văn An",
        email="an@example.vn",
    )
    opinion = Opinion.objects.get()
    assert opinion.source == OpinionSource.WEBSITE_FEEDBACK
    assert opinion.source_key == f"newsroom.feedback:{feedback.pk}"
    assert opinion.text == "Đề nghị công đoàn quan tâm hơn đến nhà ở công nhân."
    assert opinion.page_id == news.article.pk
    assert opinion.unit_id == feedback.unit_id
    assert len(opinion.author_ref) == 32
    assert "an@example.vn" not in opinion.author_ref
    assert "Nguyễn" not in str(opinion.__dict__)


def test_publishing_an_article_queues_it_on_the_units_auto_post_channels(
    news, django_capture_on_commit_callbacks
):
    account = ChannelAccountFactory(unit=news.tree.root, article_template="📰 {title}\n{url}")
    ChannelAccountFactory(unit=news.tree.root, auto_post_articles=False)
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePageFactory(
            parent=news.section, title="Hội thao công nhân 2026", slug="hoi-thao-2026"
        )
        article.save_revision().publish()
    post = Post.objects.get(source=PostSource.ARTICLE)
    assert post.source_id == str(article.pk)
    delivery = Delivery.objects.get(post=post)
    assert delivery.account == account
    assert delivery.status in {
        DeliveryStatus.QUEUED,
        DeliveryStatus.SENT,
        DeliveryStatus.RETRYING,
        DeliveryStatus.FAILED,
    }
    assert delivery.text_override.startswith("📰 Hội thao công nhân 2026\nhttp")
    # Publishing an edit shares nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Hội thao công nhân 2026 (cập nhật)"
        article.save_revision().publish()
    assert Post.objects.filter(source=PostSource.ARTICLE).count() == 1


def test_a_publication_is_announced_once_and_the_sweep_announces_what_was_missed(
    news, django_capture_on_commit_callbacks
):
    account = ChannelAccountFactory(unit=news.tree.root)
    article = ArticlePageFactory(parent=news.section, title="Đại hội công đoàn", slug="dai-hoi")
    with django_capture_on_commit_callbacks(execute=True):
        revision = article.save_revision()
        revision.publish()
    stored = StoredEvent.objects.get(name="newsroom.article_published")
    assert stored.key == f"article:{article.pk}:revision:{revision.pk}"
    assert stored.payload == {
        "article_id": article.pk,
        "unit_id": news.tree.root.pk,
        "revision_id": revision.pk,
    }
    assert sorted(stored.deliveries.values_list("subscriber", "status")) == [
        ("analytics.facts_follow", "done"),
        ("campaigns.publication_follow", "done"),
        ("newsroom.article_share", "done"),
    ]
    assert Delivery.objects.get().account == account
    # The sweep finds nothing missing.
    assert articles_published_reannounce(actor=PUBLICATIONS_REANNOUNCE) == 0

    # A process died between the page's save and the announcement: the sweep
    # announces it, once, and the article is still shared once.
    with django_capture_on_commit_callbacks(execute=True):
        edit = article.save_revision()
        edit.publish()
    StoredEvent.objects.filter(key__endswith=f":{edit.pk}").delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert articles_published_reannounce(actor=PUBLICATIONS_REANNOUNCE) == 1
    assert articles_published_reannounce(actor=PUBLICATIONS_REANNOUNCE) == 0
    assert StoredEvent.objects.filter(name="newsroom.article_published").count() == 2
    assert not EventDelivery.objects.exclude(status=EventDelivery.Status.DONE).exists()
    assert Post.objects.filter(source=PostSource.ARTICLE).count() == 1
    assert Delivery.objects.count() == 1
