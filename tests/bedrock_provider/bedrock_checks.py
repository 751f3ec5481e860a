"""What the fake Bedrock server checks before it answers, as the real service does.

* ``validate(operation, body)``: the JSON body against botocore's own model of the
  ``bedrock-runtime`` API (the shapes AWS generates every SDK from): an unknown field
  at any depth, a missing required member, a union with other than one member, a
  value outside its enum or range, a string too short or long, base64 that is not
  base64, are each refused with the message Bedrock gives.
* ``verify_sigv4(...)``: the ``Authorization`` header's shape (``AWS4-HMAC-SHA256
  Credential=<key>/<yyyymmdd>/<region>/bedrock/aws4_request, SignedHeaders=...,
  Signature=<64 hex>``), ``x-amz-date``, the session token for temporary keys, and the
  signature itself, recomputed here from the request with the stdlib (the canonical
  request of AWS's SigV4 specification, path segments encoded twice).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import quote

EXTRANEOUS = (
    "Malformed input request: #{path}: extraneous key [{key}] is not permitted, please reformat your "
    "input and try again."
)


class Refused(Exception):
    def __init__(self, status: int, error_type: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error_type, self.message = status, error_type, message


@cache
def _service(name: str) -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model(name)


def validate(operation: str, body: Any, service: str = "bedrock-runtime") -> None:
    shape = _service(service).operation_model(operation).input_shape
    members = {n: s for n, s in shape.members.items() if not s.serialization.get("location")}
    if not isinstance(body, dict):
        raise _invalid("", "Member must be a structure")
    _structure(members, set(shape.required_members) & set(members), body, "")


def _invalid(path: str, constraint: str, value: Any = None) -> Refused:
    shown = "null" if value is None else repr(value)[:60]
    return Refused(
        400,
        "ValidationException",
        f"1 validation error detected: Value {shown} at '{path.lstrip('.') or 'body'}' failed to satisfy "
        f"constraint: {constraint}",
    )


def _structure(members: Mapping[str, Any], required: set[str], value: Any, path: str) -> None:
    if not isinstance(value, dict):
        raise _invalid(path, "Member must be an object", value)
    for key in value:
        if key not in members:
            raise Refused(400, "ValidationException", EXTRANEOUS.format(path=path.replace(".", "/"), key=key))
    for name in required:
        if value.get(name) is None:
            raise _invalid(f"{path}.{name}", "Member must not be null")
    for key, item in value.items():
        _check(members[key], item, f"{path}.{key}")


def _check(shape: Any, value: Any, path: str) -> None:
    kind = shape.type_name
    if getattr(shape, "is_document_type", False) or shape.metadata.get("document"):
        return  # any JSON (tool schemas and inputs, additionalModelRequestFields)
    if kind == "structure":
        if shape.metadata.get("union"):
            present = (
                [k for k, v in (value or {}).items() if v is not None] if isinstance(value, dict) else []
            )
            if len(present) != 1:
                raise _invalid(path, "Member must have exactly one member set (union)", value)
        _structure(shape.members, set(shape.required_members), value, path)
    elif kind == "list":
        if not isinstance(value, list):
            raise _invalid(path, "Member must be a list", value)
        _limits(shape, len(value), path, value, "length")
        for i, item in enumerate(value):
            _check(shape.member, item, f"{path}.{i + 1}.member")
    elif kind == "map":
        if not isinstance(value, dict):
            raise _invalid(path, "Member must be a map", value)
        for k, v in value.items():
            _check(shape.value, v, f"{path}.{k}")
    elif kind == "string":
        if not isinstance(value, str):
            raise _invalid(path, "Member must be a string", value)
        enum = shape.enum
        if enum and value not in enum:
            raise _invalid(path, f"Member must satisfy enum value set: [{', '.join(enum)}]", value)
        _limits(shape, len(value), path, value, "length")
        pattern = shape.metadata.get("pattern")
        if pattern and not re.fullmatch(pattern, value):
            raise _invalid(path, f"Member must satisfy regular expression pattern: {pattern}", value)
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            raise _invalid(path, "Member must be an integer", value)
        _limits(shape, value, path, value, "value")
    elif kind in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise _invalid(path, "Member must be a number", value)
        _limits(shape, value, path, value, "value")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise _invalid(path, "Member must be a boolean", value)
    elif kind == "blob":
        if not isinstance(value, str):
            raise _invalid(path, "Member must be base64-encoded bytes", value)
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise _invalid(path, "Member must be valid base64", value[:20]) from None
    # document: any JSON; timestamp: not in these requests


def _limits(shape: Any, measure: float, path: str, value: Any, what: str) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and measure < low:
        raise _invalid(path, f"Member must have {what} greater than or equal to {low}", value)
    if high is not None and measure > high:
        raise _invalid(path, f"Member must have {what} less than or equal to {high}", value)


# -- SigV4 ------------------------------------------------------------------------------------

_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[A-Z0-9]{16,128})/(?P<date>\d{8})/(?P<region>[a-z0-9-]+)/"
    r"(?P<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?P<signed>[a-z0-9;-]+), "
    r"Signature=(?P<sig>[0-9a-f]{64})$"
)
_AMZ_DATE = re.compile(r"\d{8}T\d{6}Z$")


def verify_sigv4(
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    region: str,
    secrets: Mapping[str, tuple[str, str | None]],
) -> str:
    """Check one signed request; return the access key id, or raise ``Refused`` (403)."""
    authorization = headers.get("authorization", "")
    if not authorization:
        raise Refused(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
    found = _AUTHORIZATION.match(authorization)
    if found is None:
        raise Refused(
            403,
            "IncompleteSignatureException",
            f"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters "
            f"in the AWS4-HMAC-SHA256 format. Authorization={authorization.split(' ', 1)[0]}",
        )
    key = found["key"]
    if key not in secrets:
        raise Refused(
            403, "UnrecognizedClientException", "The security token included in the request is invalid."
        )
    secret, token = secrets[key]
    amz_date = headers.get("x-amz-date", "")
    if not _AMZ_DATE.match(amz_date) or amz_date[:8] != found["date"]:
        raise Refused(
            403,
            "IncompleteSignatureException",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP",
        )
    if found["service"] != "bedrock" or found["region"] != region:
        raise Refused(
            403,
            "InvalidSignatureException",
            f"Credential should be scoped to a valid region / service: expected {region}/bedrock, got "
            f"{found['region']}/{found['service']}",
        )
    if token is not None and headers.get("x-amz-security-token") != token:
        raise Refused(
            403, "UnrecognizedClientException", "The security token included in the request is invalid."
        )
    signed = found["signed"].split(";")
    if "host" not in signed or "x-amz-date" not in signed or (token and "x-amz-security-token" not in signed):
        raise Refused(
            403, "InvalidSignatureException", "host, x-amz-date (and x-amz-security-token) must be signed"
        )
    payload_hash = headers.get("x-amz-content-sha256") or hashlib.sha256(body).hexdigest()
    canonical = "\n".join(
        [
            method,
            quote(path.split("?", 1)[0], safe="/~"),
            "",
            "".join(f"{name}:{' '.join(headers.get(name, '').split())}\n" for name in signed),
            found["signed"],
            payload_hash,
        ]
    )
    scope = f"{found['date']}/{region}/bedrock/aws4_request"
    to_sign = f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    signing_key = ("AWS4" + secret).encode()
    for part in (found["date"], region, "bedrock", "aws4_request"):
        signing_key = hmac.new(signing_key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(signing_key, to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, found["sig"]):
        raise Refused(
            403,
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS "
            "Secret Access Key and signing method. Consult the service documentation for details.",
        )
    return key
