"""The ``hustings`` command."""
