"""The membership register: people, memberships by category, status history, payments, offices."""
