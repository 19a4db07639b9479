"""What other apps use from `listening` besides its selectors, services and
choices: the entities they hold a key to and annotate with (an incident's
report keeps the alert or opinion it came from).

Queries go through `listening.selectors`; changes through `listening.services`.
"""

from lantoa.listening.models import Alert, Opinion

__all__ = ["Alert", "Opinion"]
