"""Endpoint and credentials for S3-compatible stores come from the standard variables, and
fsspec and DuckDB are told the same ones."""

from __future__ import annotations

import pytest

from warehouse.storage import Store, s3_config, s3_env_options


@pytest.fixture
def clean_env(monkeypatch):
    for k in (
        "NEWSWARE_S3_ENDPOINT",
        "AWS_ENDPOINT_URL_S3",
        "AWS_ENDPOINT_URL",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
    ):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "env-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return monkeypatch


def test_endpoint_precedence(clean_env):
    assert "client_kwargs" not in s3_env_options({})
    clean_env.setenv("AWS_ENDPOINT_URL", "http://generic:1")
    assert s3_env_options({})["client_kwargs"]["endpoint_url"] == "http://generic:1"
    clean_env.setenv("AWS_ENDPOINT_URL_S3", "http://s3only:2")
    assert s3_env_options({})["client_kwargs"]["endpoint_url"] == "http://s3only:2"
    clean_env.setenv("NEWSWARE_S3_ENDPOINT", "http://ours:3")
    assert s3_env_options({})["client_kwargs"]["endpoint_url"] == "http://ours:3"
    given = {"client_kwargs": {"endpoint_url": "https://given:4"}}
    assert s3_env_options(given)["client_kwargs"]["endpoint_url"] == "https://given:4"
    assert s3_env_options({"endpoint_url": "http://flat:5"})["client_kwargs"] == {
        "endpoint_url": "http://flat:5"
    }


def test_region_from_env(clean_env):
    assert s3_config({}).region == "us-east-1"
    clean_env.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert "client_kwargs" not in s3_env_options({})  # s3fs would send it as a location
    assert s3_config({}).region == "eu-west-1"
    clean_env.setenv("AWS_REGION", "eu-central-1")
    assert s3_config({}).region == "eu-central-1"


def test_duckdb_config_follows_botocore_chain(clean_env):
    clean_env.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9000/")
    cfg = s3_config({})
    assert (cfg.key_id, cfg.secret) == ("env-key", "env-secret")
    assert cfg.endpoint_host == "127.0.0.1:9000" and cfg.use_ssl is False
    assert cfg.region == "us-east-1"
    explicit = s3_config(
        {"key": "k", "secret": "s", "client_kwargs": {"endpoint_url": "https://h"}}
    )
    assert (explicit.key_id, explicit.secret, explicit.use_ssl) == ("k", "s", True)
    clean_env.delenv("AWS_ENDPOINT_URL")
    aws = s3_config({})
    assert aws.endpoint_host is None and aws.use_ssl is True


def test_store_open_passes_endpoint_to_s3fs(clean_env):
    clean_env.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    store = Store.open("s3://bucket/prefix")
    assert store.fs.storage_options["client_kwargs"]["endpoint_url"] == "http://127.0.0.1:9"
    assert store.s3_config().endpoint_host == "127.0.0.1:9"
    assert store.uri("tables/x.parquet") == "s3://bucket/prefix/tables/x.parquet"
    assert Store.open("relative/dir").is_local
