"""A small tree shared by the org tests:

root (CĐ DKVN)
├── parent (PV GAS)
│   ├── unit (CĐCS Khí Vũng Tàu)          ← roles in matrix tests are held here
│   │   └── child (Tổ CĐ Kho cảng)
│   │       └── grandchild (Tổ ca 1)
│   └── sibling (CĐCS Khí Cà Mau)
└── uncle (BSR)
"""

from dataclasses import dataclass

import pytest

from lantoa.org.choices import UnitKind
from lantoa.org.models import OrgUnit
from lantoa.org.tests.factories import OrgUnitFactory


@dataclass
class Tree:
    root: OrgUnit
    parent: OrgUnit
    unit: OrgUnit
    child: OrgUnit
    grandchild: OrgUnit
    sibling: OrgUnit
    uncle: OrgUnit

    def refresh(self) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).refresh_from_db()


@pytest.fixture
def tree(db) -> Tree:
    root = OrgUnitFactory(
        kind=UnitKind.INDUSTRY_UNION, code="DKVN", name="Công đoàn Dầu khí Việt Nam"
    )
    parent = OrgUnitFactory(
        parent=root, kind=UnitKind.DIRECT_UNION, code="PVGAS", name="Công đoàn PV GAS"
    )
    unit = OrgUnitFactory(parent=parent, code="KVT", name="CĐCS Khí Vũng Tàu")
    child = OrgUnitFactory(
        parent=unit, kind=UnitKind.UNION_GROUP, code="KVT-KC", name="Tổ CĐ Kho cảng"
    )
    grandchild = OrgUnitFactory(
        parent=child, kind=UnitKind.UNION_GROUP, code="KVT-KC-1", name="Tổ ca 1"
    )
    sibling = OrgUnitFactory(parent=parent, code="KCM", name="CĐCS Khí Cà Mau")
    uncle = OrgUnitFactory(
        parent=root, kind=UnitKind.DIRECT_UNION, code="BSR", name="Công đoàn BSR"
    )
    t = Tree(root, parent, unit, child, grandchild, sibling, uncle)
    t.refresh()
    return t
