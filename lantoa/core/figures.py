"""How large a figure people report can be: reach, participants, goals.

A figure typed by an officer (a task's proof, a campaign's goal) is a whole,
non-negative number within what can happen in Vietnam, checked where it is
written (the services) and where it enters (the API's types, lantoa/core/api/
fields.py), so that no total is swollen by one absurd entry (reach 3.38e16) and
no database column overflows (PostgreSQL's integer stops at 2,147,483,647).
"""

# People one post or campaign can reach: more than Vietnam's whole online
# population (about 79 million internet users in 2024), so never too few.
MAX_REACH = 100_000_000
# People taking part in an activity: about twice the membership of the whole
# Vietnam General Confederation of Labour (about 11 million).
MAX_PARTICIPANTS = 20_000_000
# Articles, posts and other countable items a campaign may aim at.
MAX_ITEMS = 1_000_000
MAX_PERCENT = 100


def vi_int(value: int) -> str:
    """12.345.678: Vietnamese writes thousands with dots."""
    return f"{value:,}".replace(",", ".")


def figure_problem(label: str, value: object, maximum: int) -> str:
    """Why `value` is not an acceptable figure for `label` (Vietnamese), or ""
    (None is acceptable: the figure was not given)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{label}: phải là một số nguyên."
    if value < 0:
        return f"{label}: không thể âm."
    if value > maximum:
        return f"{label}: {vi_int(value)} vượt quá mức tối đa {vi_int(maximum)}."
    return ""
