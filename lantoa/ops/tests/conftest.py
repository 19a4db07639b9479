"""Ops fixtures: a real S3 server on 127.0.0.1 (moto in server mode), and
storages pointed at fresh buckets on it through the production settings' own
builder (`lantoa.settings.storage.s3_storages`)."""

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from lantoa.org.tests.conftest import Tree, tree  # noqa: F401

KEY, SECRET, REGION = "lantoa-test", "lantoa-test-secret", "ap-southeast-1"


@dataclass
class S3:
    endpoint: str
    media_bucket: str
    private_bucket: str
    client: Any

    def keys(self, bucket: str) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=bucket)
        return sorted(o["Key"] for o in listed.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint: str, settings: Any) -> S3:
    """Both storages on S3: a public-read media bucket, a private one."""
    import boto3

    from lantoa.settings.storage import s3_storages

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
        region_name=REGION,
    )
    suffix = uuid.uuid4().hex[:12]
    media, private = f"media-{suffix}", f"private-{suffix}"
    for bucket in (media, private):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
    # What docs/deploy.md asks of the media bucket: anyone may read its objects.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{media}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=media, Policy=json.dumps(public_read))
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            endpoint_url=s3_endpoint,
            access_key=KEY,
            secret_key=SECRET,
            region=REGION,
            media_bucket=media,
            private_bucket=private,
            signed_url_seconds=120,
        ),
    }
    return S3(s3_endpoint, media, private, client)
