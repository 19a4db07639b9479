"""Helpers shared by management commands (thin edges: parse, resolve, call one service)."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from lantoa.core.actors import COMMAND_LINE, Actor


def command_actor(username: str | None) -> Actor:
    """The account a command's `--actor` names (its scope then limits the
    command), or the command-line system actor when none is named."""
    if not username:
        return COMMAND_LINE
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có tài khoản «{username}».")
    return user
