import pytest
from django.core.management import CommandError, call_command

from devstack.demo.listening import ListeningDemoLoader
from lantoa.listening.choices import AlertKind
from lantoa.listening.models import Alert, Opinion

pytestmark = pytest.mark.django_db


def test_command_refuses_without_debug(settings, tree):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("load_demo_listening")
    assert not Opinion.objects.exists()


@pytest.mark.slow  # the listening models load and analyse 280 opinions
def test_opinions_are_analysed_and_the_spike_raises_one_alert(settings, tree):
    settings.DEBUG = True
    counts = ListeningDemoLoader(opinions=240, spike=40).load()

    assert counts == {"ý kiến": 280, "cảnh báo": 1}
    assert Opinion.objects.filter(analysed_at__isnull=True).count() == 0
    alert = Alert.objects.get()
    # The spike is at a grassroots union of the small tree (KVT or KCM).
    assert (alert.unit.code in ("KVT", "KCM"), alert.kind) == (True, AlertKind.VOLUME_SPIKE)
    assert alert.count >= 20

    assert ListeningDemoLoader(opinions=240, spike=40).load() == {}
    assert Opinion.objects.count() == 280
