"""Pseudonyms for the people behind platform accounts.

Comments, messages and website feedback say who wrote them by a platform's
user id (or an e-mail address). Lantoa keeps only a pseudonym: the same person
on the same platform always gets the same one, so their opinions group
together, but the id cannot be read back from it. It is keyed with the site's
`SECRET_KEY` (Django's `salted_hmac`): a pseudonym made on another deployment,
or before a key change, does not match.
"""

from django.utils.crypto import salted_hmac

# Kept as it was when channels made the first pseudonyms: changing it would
# split every stored author from their new comments.
_SALT = "lantoa.channels.author_ref"


def platform_user_ref(platform: str, user_id: str) -> str:
    """The pseudonym of `user_id` on `platform` (32 hex characters); empty when
    the platform gave no id."""
    if not user_id:
        return ""
    return salted_hmac(_SALT, f"{platform}:{user_id}", algorithm="sha256").hexdigest()[:32]
