"""Answers checked against the OpenAPI 3.1 file of `serve`: the status is documented for the
operation, the media type is one it names, and the body is valid against its schema."""

from __future__ import annotations

import json
from typing import Any

import urllib3
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:publiccode-check:openapi"


def operation(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    """The operation of the file for `method path` (QUERY is the extension `x-query` in 3.1)."""
    item = spec["paths"][path]
    return item["x-query" if method == "QUERY" else method.lower()]


def conforms(spec: dict[str, Any], method: str, path: str, response: urllib3.BaseHTTPResponse) -> None:
    """Assert that `response` is one the OpenAPI file describes for `method path` (a path of the API:
    the page and unknown paths are not)."""
    if path not in spec["paths"] or method == "OPTIONS":  # CORS preflight: the browser's, not the API's
        return
    responses = operation(spec, method, path)["responses"]
    assert str(response.status) in responses, f"{method} {path}: {response.status} is not documented"
    described = responses[str(response.status)]
    if "$ref" in described:
        described = spec["components"]["responses"][described["$ref"].rsplit("/", 1)[-1]]
    kind = (response.headers.get("Content-Type") or "").split(";")[0].strip()
    assert kind in described.get("content", {}), f"{method} {path} {response.status}: {kind} not documented"
    for header in described.get("headers", {}):
        assert header in response.headers, f"{method} {path} {response.status}: no {header} header"
    if kind.endswith("json"):
        schema = described["content"][kind]["schema"]
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        registry = Registry().with_resource(SPEC_URI, resource)
        validator = Draft202012Validator(_rooted(schema), registry=registry)
        errors = sorted(validator.iter_errors(json.loads(response.data)), key=lambda e: list(e.path))
        assert not errors, f"{method} {path} {response.status}: " + "; ".join(
            f"{list(e.path)}: {e.message}" for e in errors[:5])


def _rooted(schema: Any) -> Any:
    """`schema` with its `#/...` references made to point into the whole file."""
    if isinstance(schema, dict):
        return {key: (SPEC_URI + value if key == "$ref" and value.startswith("#") else _rooted(value))
                for key, value in schema.items()}
    if isinstance(schema, list):
        return [_rooted(item) for item in schema]
    return schema
