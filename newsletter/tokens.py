"""Signed links in newsletter mail. A confirmation link expires (``NEWSLETTER_CONFIRM_MAX_AGE``) and
works once: it carries the subscriber's current nonce, which confirming (or sending a new link)
replaces. Unsubscribe and preferences links carry the subscriber's manage key and do not expire, as
mailbox providers expect of a List-Unsubscribe URL; erasure deletes the key with the subscriber."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"


class InvalidLink(Exception):
    """The link is malformed, tampered with, expired or used; the message says which, for the reader."""


def confirm_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "n": subscriber.confirm_nonce}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token):
    """(subscriber pk, nonce) from a confirmation link, or InvalidLink("expired"/"invalid")."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidLink("expired") from error
    except signing.BadSignature as error:
        raise InvalidLink("invalid") from error
    return data["s"], data["n"]


def manage_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.manage_key}, salt=MANAGE_SALT, compress=True)


def read_manage_token(token):
    try:
        data = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature as error:
        raise InvalidLink("invalid") from error
    return data["s"], data["k"]
