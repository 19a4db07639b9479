"""Admin permission policies of incidents, every answer from `org.scoping`
(the pattern of `lantoa.org.permissions`).

- incidents, reports, tiplines: `Perm.CONTENT_EDIT` over the unit where it
  happened (its officers and every unit above);
- responses: seen and drafted with `Perm.CONTENT_EDIT` over the incident's
  unit (approval is checked by the service: `Perm.CONTENT_APPROVE`);
- facts and playbooks: managed in the owner's subtree, *seen* (used) from
  below as well.
"""

from typing import Any

from django.db import models

from lantoa.core.actors import Actor
from lantoa.incidents import selectors
from lantoa.incidents.models import Fact, Incident, Playbook, Report, Response, Tipline
from lantoa.org.admin_blocks import SeenWiderPolicy, content_policy


class UsedFromBelowPolicy(SeenWiderPolicy):
    """Managed by the owner's scope; seen also by the units below it."""

    def visible(self, user: Actor) -> models.QuerySet[Any]:
        return selectors.managed_or_above(self.model, user)  # type: ignore[arg-type]


incident_permission_policy = content_policy(Incident)
report_permission_policy = content_policy(Report)
response_permission_policy = content_policy(Response, "incident__unit__path")
tipline_permission_policy = content_policy(Tipline)
fact_permission_policy = content_policy(Fact, policy=UsedFromBelowPolicy)
playbook_permission_policy = content_policy(Playbook, policy=UsedFromBelowPolicy)
