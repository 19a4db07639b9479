"""The channels API (django-ninja router mounted in `lantoa.api`)."""
