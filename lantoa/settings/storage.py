"""Where files live: the file system (default, `make run`) or S3-compatible
object storage through django-storages (docs/deploy.md "Object storage").

Two storages, two buckets:

- `default` (media: Wagtail images and renditions, documents): a bucket readers
  may read (a bucket policy allowing anonymous `s3:GetObject`), addressed by
  plain unsigned URLs, so pages and a CDN can link them;
- `private` (directive proofs, member lists, incident evidence, race activity
  files): a bucket without public read. Views check the reader's scope and
  stream the file (`lantoa.core.storage.private_file_response`); a URL the
  storage hands out is signed and expires after `signed_url_seconds`.

Both keep existing names (`file_overwrite=False`): an upload never replaces
another one that happens to have the same name.
"""

from typing import Any


def s3_storages(
    *,
    endpoint_url: str,
    access_key: str,
    secret_key: str,
    region: str,
    media_bucket: str,
    private_bucket: str,
    signed_url_seconds: int = 300,
    media_domain: str = "",
) -> dict[str, dict[str, Any]]:
    """The `default` and `private` entries of STORAGES on S3-compatible storage."""
    common: dict[str, Any] = {
        "access_key": access_key,
        "secret_key": secret_key,
        "region_name": region or None,
        "endpoint_url": endpoint_url or None,
        "file_overwrite": False,
        "default_acl": None,
        # Path-style addressing works with every S3-compatible server (MinIO, Ceph,
        # Viettel/FPT object storage); virtual-host style needs wildcard DNS.
        "addressing_style": "path",
        "signature_version": "s3v4",
    }
    media = {
        **common,
        "bucket_name": media_bucket,
        "querystring_auth": False,
        "custom_domain": media_domain or None,
    }
    private = {
        **common,
        "bucket_name": private_bucket,
        "querystring_auth": True,
        "querystring_expire": signed_url_seconds,
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {"BACKEND": backend, "OPTIONS": media},
        "private": {"BACKEND": backend, "OPTIONS": private},
    }
