"""Accounts and roles scoped to units; login, password reset, the member's home page."""
