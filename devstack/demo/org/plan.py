"""The demo tree as plain data, before it touches the database.

`plan_units()` turns the catalogue of `units.py` into an ordered list of units
(parents before children, siblings in order) with how many members each one
gets. It is a pure function of its arguments, so the tree is the same on
every load and can be tested without a database.
"""

import random
from dataclasses import dataclass

from devstack.demo.org.units import (
    DIRECT_UNIONS,
    GRASSROOTS_PREFIX,
    GRASSROOTS_SHORT_PREFIX,
    GROUP_PREFIX,
    INDUSTRIAL_GROUPS,
    INDUSTRIAL_WORKPLACES,
    OFFICE_GROUPS,
    OFFICE_WORKPLACES,
    ROOT_CODE,
    ROOT_NAME,
    ROOT_SHORT_NAME,
    DirectUnion,
)
from lantoa.core.text import vietnamese_slugify
from lantoa.org.choices import UnitKind

# One grassroots union in this many gets trade-union groups below it.
GROUP_EVERY = 15
# Share of a grassroots union's members who belong to its groups (when it has any).
GROUPED_SHARE = 0.7


@dataclass
class PlannedUnit:
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None
    direct_code: str  # the direct union it belongs to ("" for the root)
    weight: float = 0.0  # share of the members; 0 for units that hold none directly
    members: int = 0


def _workplaces(direct: DirectUnion, rng: random.Random) -> list[tuple[str, str]]:
    """(code suffix, workplace) for each grassroots union of `direct`."""
    chosen = list(direct.known[: direct.grassroots])
    taken = {workplace for _, workplace in chosen}
    pool = OFFICE_WORKPLACES if direct.office else INDUSTRIAL_WORKPLACES
    for workplace in rng.sample(pool, len(pool)):
        if len(chosen) >= direct.grassroots:
            break
        if workplace not in taken:
            chosen.append((f"{len(chosen) + 1:02d}", workplace))
    return chosen


def _allocate(units: list[PlannedUnit], total: int) -> None:
    """Give each unit round(weight × total) members, summing exactly to `total`."""
    weights = sum(u.weight for u in units)
    if not weights:
        return
    exact = [u.weight / weights * total for u in units]
    for unit, share in zip(units, exact, strict=True):
        unit.members = int(share)
    remainder = total - sum(u.members for u in units)
    by_fraction = sorted(
        range(len(units)), key=lambda i: (exact[i] - int(exact[i]), -i), reverse=True
    )
    for i in by_fraction[:remainder]:
        units[i].members += 1


def plan_units(*, members: int, seed: int) -> list[PlannedUnit]:
    """The demo tree in insertion order, with `members` spread over it."""
    rng = random.Random(f"lantoa-demo-units-{seed}")  # noqa: S311 (reproducible on purpose)
    root = PlannedUnit(
        ROOT_CODE, ROOT_NAME, ROOT_SHORT_NAME, UnitKind.INDUSTRY_UNION, None, "", weight=0.0
    )
    planned = [root]
    used_names: set[str] = set()
    grassroots_seen = 0
    for direct in DIRECT_UNIONS:
        planned.append(
            PlannedUnit(
                direct.code,
                direct.name,
                direct.short_name,
                UnitKind.DIRECT_UNION,
                ROOT_CODE,
                direct.code,
            )
        )
        places = _workplaces(direct, rng)
        for suffix, workplace in places:
            name = f"{GRASSROOTS_PREFIX} {workplace}"
            short = f"{GRASSROOTS_SHORT_PREFIX} {workplace}"
            if name in used_names:  # generic workplaces recur across companies
                name, short = f"{name} – {direct.short_name}", f"{short} – {direct.short_name}"
            used_names.add(name)
            # Workforces are uneven: a few large plants, many small offices.
            weight = direct.weight / len(places) * rng.lognormvariate(0, 0.6)
            code = f"{direct.code}-{suffix}"
            grassroots_seen += 1
            has_groups = grassroots_seen % GROUP_EVERY == 0
            planned.append(
                PlannedUnit(
                    code,
                    name,
                    short,
                    UnitKind.GRASSROOTS_UNION,
                    direct.code,
                    direct.code,
                    weight=weight * (1 - GROUPED_SHARE) if has_groups else weight,
                )
            )
            if has_groups:
                pool = OFFICE_GROUPS if direct.office else INDUSTRIAL_GROUPS
                groups = sorted(rng.sample(pool, rng.randint(2, 5)), key=pool.index)
                for n, group in enumerate(groups, start=1):
                    planned.append(
                        PlannedUnit(
                            f"{code}-T{n}",
                            f"{GROUP_PREFIX} {group}",
                            f"Tổ CĐ {group}",
                            UnitKind.UNION_GROUP,
                            code,
                            direct.code,
                            weight=weight * GROUPED_SHARE / len(groups),
                        )
                    )
    _allocate(planned, members)
    return planned


def unique_slugs(units: list[PlannedUnit], taken: set[str]) -> list[str]:
    """A slug for each unit, unique among themselves and against `taken`."""
    by_code = {u.code: u for u in units}
    slugs: list[str] = []
    seen = set(taken)
    for unit in units:
        text = unit.name
        if unit.kind == UnitKind.UNION_GROUP and unit.parent_code:
            # "Tổ công đoàn Văn phòng" recurs; the parent's name tells them apart.
            text = f"{by_code[unit.parent_code].short_name} {unit.name}"
        base = vietnamese_slugify(text, max_length=72) or "don-vi"
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        slugs.append(slug)
    return slugs
