"""The error a process use case raises when the rules or the process's state refuse a step."""


class ProcessError(ValueError):
    """A transition the rules or the process's state do not allow; its message is for the user."""
