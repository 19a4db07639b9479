"""What other apps use from `org` besides its selectors, services, choices and
`scoping`: the tenancy entities they hang their rows on, annotate with and
scope by (light to import: model modules import it).

Who holds which role is org's business: ask `scoping` (or org's selectors),
not the role table.
"""

from lantoa.org.models import Member, OrgUnit

__all__ = ["Member", "OrgUnit"]
