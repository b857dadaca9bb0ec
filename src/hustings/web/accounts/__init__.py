"""Pages of accounts: sign-in (throttled), password reset, the member's home page, roles and unlocking accounts."""
