"""What other apps use from `campaigns` besides its selectors, services and
choices: the entities the read models count and annotate with (analytics
counts directive tasks and the participants a task's proofs report, per
campaign).

Queries that carry rules go through `campaigns.selectors`; changes through
`campaigns.services`.
"""

from lantoa.campaigns.models import Campaign, DirectiveTask, TaskProof

__all__ = ["Campaign", "DirectiveTask", "TaskProof"]
