import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lantoa.core.text import search_key
from lantoa.listening.choices import OpinionSource, Sentiment, Toxicity
from lantoa.listening.models import Opinion
from lantoa.org.tests.factories import OrgUnitFactory


class OpinionFactory(DjangoModelFactory):
    class Meta:
        model = Opinion

    unit = factory.SubFactory(OrgUnitFactory)
    source = OpinionSource.WEBSITE_FEEDBACK
    source_key = factory.Sequence(lambda n: f"test:{n}")
    text = factory.Sequence(lambda n: f"Ý kiến số {n} về bữa ăn ca và nhà ở công nhân")
    folded_text = factory.LazyAttribute(lambda o: search_key(o.text))
    received_at = factory.LazyFunction(timezone.now)
    sentiment = Sentiment.NEUTRAL
    toxicity = Toxicity.CLEAN
    analysed_at = factory.LazyFunction(timezone.now)
