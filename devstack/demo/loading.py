"""What the demo loaders share: the industry union at the top of the demo
tree, the counts of what they made and, for most, one seeded random source."""

import random
from collections import Counter

from lantoa.core.exceptions import NotFound
from lantoa.org.models import OrgUnit


def demo_root() -> OrgUnit:
    """The industry union (CĐ DKVN) on the demo tree; on another tree, its root."""
    root = OrgUnit.objects.filter(code="CDDKVN").first() or OrgUnit.get_first_root_node()
    if root is None:
        raise NotFound("Chưa có cây đơn vị: chạy `manage.py load_demo` trước.")
    return root


class DemoLoader:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def root(self) -> OrgUnit:
        return demo_root()


class SeededDemoLoader(DemoLoader):
    def __init__(self, *, seed: int) -> None:
        super().__init__()
        self.rng = random.Random(seed)  # noqa: S311 — demo data, seeded on purpose
