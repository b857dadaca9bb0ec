"""The demonstration: a made-up party's register and content (`party`, `content`) and the replay of
Labour's 2016 leadership election (`replay`). It sits above the services and beside the web, and only
the command line (`hustings demo`, `hustings replay`) imports it; see docs/architecture.md.

Modules import Django models, so import them after Django is set up (`DJANGO_SETTINGS_MODULE`).
"""
