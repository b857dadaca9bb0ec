"""The store: Django models, their migrations and the admin registrations, one app per subject.

Each app keeps the label it had when the models lived under `hustings.web`, so the tables and
the migration history are unchanged. The store imports Django and the pure layers (`rules`),
never `services`, `web` or `cli`; see docs/architecture.md.
"""
