"""Framework events core listens to: a saved or deleted site, or its public
address, makes this process forget the addresses it keeps (`public_urls`)."""

from typing import Any

from django.db.models.signals import post_delete, post_save


def _forget_public_addresses(**_: Any) -> None:
    from lantoa.core import public_urls

    public_urls.forget()


def register() -> None:
    from wagtail.models import Site

    from lantoa.core.models import PublicAddress

    for model in (Site, PublicAddress):
        for signal in (post_save, post_delete):
            signal.connect(
                _forget_public_addresses, sender=model, dispatch_uid=f"public-url-{model.__name__}"
            )
