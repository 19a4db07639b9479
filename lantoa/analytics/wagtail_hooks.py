"""Registration only: analytics' admin screens (classes in `viewsets`)."""

from wagtail import hooks

from lantoa.analytics.viewsets import AnalyticsMenuGroup


@hooks.register("register_admin_viewset")
def register_analytics_admin() -> AnalyticsMenuGroup:
    return AnalyticsMenuGroup()
