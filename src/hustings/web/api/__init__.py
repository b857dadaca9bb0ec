"""The REST API (Django Ninja) with its OpenAPI schema and token authentication."""
