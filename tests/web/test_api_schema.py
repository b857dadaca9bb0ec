"""The API's OpenAPI schema is served, is OpenAPI 3, documents every operation with its security and
its answers (and the errors each may give), and every documented path of ours answers as documented;
the interactive documentation is served from this site, with no CDN."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from tests.web.visitors import Party

from hustings.store.accounts.models import ApiToken

OURS = ("/api/organisations/", "/api/units/", "/api/members/", "/api/eligibility/", "/api/rulebooks/")
# a value that exists in the `party` fixture for each path parameter of ours
EXAMPLES = {"code": "isn-hi", "ref": "L000001", "name": "labour-2016"}
QUERY_EXAMPLES = {
    "/api/eligibility/": {
        "person": "L000001",
        "rulebook": "labour-2016",
        "process": "leadership_challenge",
        "date": "2016-08-01",
    }
}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def schema(db: None) -> dict[str, Any]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return dict(response.json())


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    methods = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in methods
    ]


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        assert node["$ref"].startswith("#/components/schemas/")
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_the_schema_is_openapi_3_with_its_security_schemes(schema: dict[str, Any]) -> None:
    assert re.fullmatch(r"3\.\d+\.\d+", schema["openapi"])
    assert schema["info"]["title"] == "Hustings API" and schema["info"]["version"]
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["type"] == "apiKey" and schemes["SessionAuth"]["in"] == "cookie"
    for path in OURS:
        assert path in schema["paths"], f"{path} is not documented"


def test_every_operation_has_an_id_and_documented_answers_and_ours_security(schema: dict[str, Any]) -> None:
    schemes = set(schema["components"]["securitySchemes"])
    ids = [operation["operationId"] for _, _, operation in operations(schema)]
    assert len(ids) == len(set(ids)), "operation ids must be unique"
    for path, method, operation in operations(schema):
        where = f"{method.upper()} {path}"
        if path.startswith(OURS):
            assert operation.get("security"), f"{where} has no security"
        assert {name for req in operation.get("security", []) for name in req} <= schemes, where
        responses = operation["responses"]
        assert any(code.startswith("2") for code in responses), f"{where} documents no success"
        for code, answer in responses.items():
            assert answer.get("description"), f"{where} {code} has no description"
            if code == "204":
                continue
            content = answer["content"]["application/json"]["schema"]
            assert resolve(schema, content), f"{where} {code} has an empty schema"
        for parameter in operation.get("parameters", []):
            assert parameter["in"] in {"path", "query", "header", "cookie"}, where
            assert "schema" in parameter, where
            if parameter["in"] == "path":
                assert parameter["required"] is True and f"{{{parameter['name']}}}" in path, where


def test_our_operations_document_their_errors(schema: dict[str, Any]) -> None:
    for path, method, operation in operations(schema):
        if not path.startswith(OURS):
            continue
        responses = operation["responses"]
        assert "401" in responses, f"{method.upper()} {path} does not document 401"
        error = resolve(schema, responses["401"]["content"]["application/json"]["schema"])
        assert error["properties"]["detail"]["type"] == "string"
        if "{" in path or path in ("/api/members/", "/api/eligibility/"):
            assert {"403", "404"} & set(responses), f"{method.upper()} {path} documents no refusal"
    assert "422" in schema["paths"]["/api/eligibility/"]["get"]["responses"]


def test_every_documented_path_of_ours_answers_as_documented(schema: dict[str, Any], party: Party) -> None:
    key = ApiToken.issue(party.users["general_secretary"], "schema")[1]
    client = Client()
    checked = 0
    for path, method, operation in operations(schema):
        if not path.startswith(OURS):
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: EXAMPLES[m.group(1)], path)
        response = getattr(client, method)(url, QUERY_EXAMPLES.get(path, {}), HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200, f"{method.upper()} {url}: {response.status_code} {response.content[:200]!r}"
        body = response.json()
        documented = resolve(schema, operation["responses"]["200"]["content"]["application/json"]["schema"])
        if documented.get("type") == "array":
            assert isinstance(body, list) and body, url
        else:
            assert isinstance(body, dict), url
            assert set(documented.get("required", [])) <= set(body), url
        anonymous = getattr(client, method)(url, QUERY_EXAMPLES.get(path, {}))
        assert anonymous.status_code == 401, url
        checked += 1
    assert checked == 8


def test_the_documentation_page_is_served_without_a_cdn(db: None) -> None:
    page = Client().get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/api/openapi.json" in html
    assert not re.search(r"""(src|href)=["']https?://""", html), "the docs page loads something from elsewhere"
