"""Shared fixtures and helpers of the callverify Python tests."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

import callverify

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"
EXAMPLES = REPO / "examples" / "python"

#: A secret that must never show up in any repr, str, message or serialisation.
CANARY = "CANARY-s3cr3t-7f1e"

HUAWEI = "https://rtccall.cn-north-1.myhuaweicloud.cn:443"

#: The exception class each error kind maps to.
CLASS_BY_KIND: dict[str, type[callverify.CallVerifyError]] = {
    "validation": callverify.ValidationError,
    "api": callverify.ApiError,
    "parse": callverify.ParseError,
    "push_auth": callverify.PushAuthError,
    "config": callverify.ConfigError,
}


def load_vectors(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{path.name} is not a JSON array"
    return data


def body_of(case: dict[str, Any]) -> bytes:
    if "body_base64" in case:
        return base64.b64decode(case["body_base64"])
    if "body_repeat" in case:
        r = case["body_repeat"]
        return (r["prefix"] + r["repeat"] * r["count"] + r["suffix"]).encode("utf-8")
    body = case["body"]
    assert isinstance(body, str)
    return body.encode("utf-8")


@pytest.fixture
def credentials() -> callverify.Credentials:
    return callverify.Credentials("my-app-key", CANARY)


@pytest.fixture
def client(credentials: callverify.Credentials) -> callverify.Client:
    return callverify.Client(HUAWEI, credentials)


VALID = {
    "display_nbr": "+8675528000088",
    "callee_nbr": "+8618900000007",
    "verify_code": "123456",
    "pre_tone": "welcome.wav",
}
