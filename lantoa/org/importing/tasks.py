"""Thin task wrappers (STYLE.md §7): load by id, call one worker-side function."""

from django_tasks import task

from lantoa.org.importing.jobs import member_import_process


@task()
def member_import_process_task(import_id: int) -> None:
    """Validate or import a stored member list; safe to run twice."""
    member_import_process(import_id=import_id)


@task()
def member_imports_prune_task() -> int:
    """Delete the files of member lists that were never confirmed."""
    from lantoa.org.importing.jobs import member_imports_prune

    return member_imports_prune()
