"""Hustings: run a member organisation's democracy, and count its ballots exactly."""

__version__ = "0.1.0"
