"""Use cases over the database: one function per use case, the only layer that meets both the Django
models of `hustings.store` and the pure layers below; see docs/architecture.md.

Modules import Django models, so import them after Django is set up (`DJANGO_SETTINGS_MODULE`).
"""
