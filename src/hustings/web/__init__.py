"""The web application (Django 5.2 LTS): thin apps over `hustings.services`; see docs/architecture.md."""
