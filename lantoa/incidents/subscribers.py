"""What the incidents app hears from the apps below it (lantoa/core/events.py).
Each handler calls one service, as the subscriber's system actor."""

from lantoa.core.actors import SystemActor
from lantoa.core.events import Event
from lantoa.incidents.services import intake, tipline
from lantoa.listening.selectors import alert_get


def tipline_message_stored(event: Event, actor: SystemActor) -> None:
    """A message reached a channel: a tip, if the channel is a tipline."""
    tipline.tipline_message_take(actor=actor, message_id=int(event.payload["message_id"]))


def listening_alert_raised(event: Event, actor: SystemActor) -> None:
    """Listening saw a spike: it waits in the tip inbox, nothing is lost."""
    alert = alert_get(int(event.payload["alert_id"]))
    if alert is not None:
        intake.report_from_alert(actor=actor, alert=alert)
