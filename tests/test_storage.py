"""Both storage backends, for real: a local folder, and S3 as spoken by a local S3-compatible server
(moto in server mode, its own HTTP server)."""

from __future__ import annotations

import boto3
import pytest
from moto.server import ThreadedMotoServer

from app.integrations.storage import LocalStorage, S3Storage, StorageError, storage_for
from tests.processes import free_port


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
                        "AWS_ENDPOINT_URL": s3_endpoint}.items():
        monkeypatch.setenv(name, value)
    boto3.client("s3").create_bucket(Bucket="portal-files")
    return storage_for("s3://portal-files/uploads")


@pytest.fixture
def local(tmp_path):
    return storage_for(f"file://{tmp_path}")


@pytest.mark.parametrize("backend", ["local", "s3"])
def test_a_file_goes_in_comes_back_and_goes_away(backend, request):
    store = request.getfixturevalue(backend)
    store.put("2026/11/abc.pdf", b"%PDF-1.4 content", "application/pdf")
    assert store.exists("2026/11/abc.pdf")
    assert store.get("2026/11/abc.pdf") == b"%PDF-1.4 content"
    store.delete("2026/11/abc.pdf")
    assert not store.exists("2026/11/abc.pdf")
    with pytest.raises(StorageError):
        store.get("2026/11/abc.pdf")


def test_s3_keys_live_under_the_prefix(s3):
    s3.put("x.png", b"\\x89PNG", "image/png")
    listed = boto3.client("s3").list_objects_v2(Bucket="portal-files")["Contents"]
    assert [item["Key"] for item in listed] == ["uploads/x.png"]
    head = boto3.client("s3").head_object(Bucket="portal-files", Key="uploads/x.png")
    assert head["ContentType"] == "image/png"


def test_the_local_folder_cannot_be_left_through_a_key(local):
    with pytest.raises(StorageError):
        local.put("../outside.txt", b"x", "text/plain")


def test_the_url_chooses_the_backend(tmp_path):
    assert isinstance(storage_for(f"file://{tmp_path}"), LocalStorage)
    assert isinstance(storage_for("s3://bucket/prefix"), S3Storage)
    with pytest.raises(StorageError):
        storage_for("ftp://example.org/files")
