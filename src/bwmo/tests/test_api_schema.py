from django.urls import reverse


def test_the_openapi_schema_describes_the_client_api(client, consulent_rheden):
    client.force_login(consulent_rheden)
    response = client.get(reverse("api-schema"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "openapi: 3" in body and "/clienten" in body


def test_the_api_refuses_anonymous_callers(client, db):
    assert client.get("/api/v1/clienten").status_code in (401, 403)
