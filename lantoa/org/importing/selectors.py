"""Which stored imports a user may see: their own (superusers: all)."""

from django.db.models import QuerySet

from lantoa.core.actors import Actor
from lantoa.core.exceptions import NotFound
from lantoa.org.choices import Perm
from lantoa.org.models import MemberImport
from lantoa.org.scoping import user_has_any


def member_import_may_manage(actor: Actor, record: MemberImport) -> bool:
    """The uploader (while still allowed to import) and superusers."""
    if not actor.is_authenticated or not user_has_any(actor, Perm.MEMBER_CHANGE):
        return False
    return bool(getattr(actor, "is_superuser", False)) or record.uploaded_by_id == actor.pk


def member_import_list_for(actor: Actor) -> QuerySet[MemberImport]:
    if not actor.is_authenticated or not user_has_any(actor, Perm.MEMBER_CHANGE):
        return MemberImport.objects.none()
    qs = MemberImport.objects.select_related("unit")
    if getattr(actor, "is_superuser", False):
        return qs
    return qs.filter(uploaded_by_id=actor.pk)


def member_import_get_for(actor: Actor, pk: int) -> MemberImport:
    """The import, or NotFound (also when it is someone else's: no existence leak)."""
    record = member_import_list_for(actor).filter(pk=pk).first()
    if record is None:
        raise NotFound("Không tìm thấy lần nhập này.")
    return record
