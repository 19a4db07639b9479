"""Small-count suppression that subtraction cannot undo (docs/security.md).

A figure about fewer than `min_size` opinions is never shown, so that nobody
can be singled out by what they said ("primary" suppression). Hiding those
cells alone is not enough: a dashboard also shows the margin they add up to
(the unit's total over the period), so the margin minus the visible cells
gives back the hidden one (a total of 6 minus a visible day of 5 is one
opinion on the other day). So, within every relation "cells (+ a part never
shown) = a shown margin", more cells are hidden ("complementary"
suppression) until what the hidden parts add up to is either nothing or at
least `min_size`: then the difference is itself a group big enough to show,
and no hidden cell is determined by the visible ones (at least two hidden
parts share it). The smallest visible cells are hidden first, to lose as
little as possible. A hidden cell hides all its figures (total and
breakdown).

Empty cells are hidden like any other cell below the threshold: were zeros
shown, a hidden cell would be known to hold at least one opinion, and a
total of 5 over five hidden days (the other days showing 0) would give one
opinion a day.
"""

from collections.abc import Sequence


def cells_to_hide(totals: Sequence[int], min_size: int, *, remainder: int = 0) -> frozenset[int]:
    """The indices of the cells of one relation to hide.

    `totals` are the cells' sizes; `remainder` is a part of the margin that is
    never shown on its own (a unit's own opinions beside its children's), so
    the margin is `sum(totals) + remainder`, shown when ≥ `min_size`. When
    the margin itself is below `min_size`, every cell is below it too and is
    hidden."""
    hidden = {i for i, size in enumerate(totals) if size < min_size}
    residual = remainder + sum(totals[i] for i in hidden)
    if 0 < residual < min_size:
        shown = sorted((size, i) for i, size in enumerate(totals) if i not in hidden)
        for size, i in shown:
            hidden.add(i)
            residual += size
            if residual >= min_size:
                break
    return frozenset(hidden)
