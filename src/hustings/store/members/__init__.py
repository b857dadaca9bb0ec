"""The membership register's models: people, memberships by category, status history, payments, offices."""
