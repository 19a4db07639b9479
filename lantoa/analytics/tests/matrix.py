"""Analytics' exports in the generated permission matrix (lantoa/tests/security/)."""

from lantoa.tests.security.matrix import Screen


def unit_itself(unit, ctx):
    return unit


def by_unit(unit):
    return f"unit={unit.code}"


SCREENS = [
    Screen("analytics_dashboard:index", "view", unit_itself, args=lambda u: [], query=by_unit),
    Screen("analytics_dashboard:xlsx", "export", unit_itself, args=lambda u: [], query=by_unit),
    Screen("analytics_dashboard:pdf", "export", unit_itself, args=lambda u: [], query=by_unit),
]
