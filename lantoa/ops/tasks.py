"""Thin task wrappers (STYLE.md §7)."""

from django_tasks import task


@task()
def retention_apply_task() -> dict[str, int]:
    """Apply every retention rule as the `ops.retention` job."""
    from lantoa.ops.actors import RETENTION
    from lantoa.ops.retention import retention_apply

    return retention_apply(actor=RETENTION)
