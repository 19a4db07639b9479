"""The figures the read models keep, named once for the refresh that writes
them, the cache that rolls them up and the selectors that read them."""

from datetime import timedelta

# A unit's coverage facts that add up over a subtree.
FACT_SUMS = (
    "members",
    "channels",
    "channels_active",
    "social_live",
    "stale_channels",
    "followers",
    "followers_channels",
    "bulletin_subscribers",
    "bulletin_recipients",
)

# A unit's figures for one month.
MONTH_COLUMNS = (
    "articles",
    "posts_sent",
    "deliveries_sent",
    "reach",
    "issues_sent",
    "issue_recipients",
    "events_held",
    "attendees",
    "programme_sessions",
    "session_participants",
    "tasks",
    "tasks_done",
    "tasks_on_time",
    "tasks_late",
    "tasks_open",
)

# Changes are found by their time: this much overlap covers clocks and
# transactions that committed while the previous refresh ran.
OVERLAP = timedelta(minutes=10)
