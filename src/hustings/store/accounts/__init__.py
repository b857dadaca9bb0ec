"""The models of accounts: roles scoped to units, and API tokens."""
