"""People and practices: users, practices (the tenant), roles, invitations and API tokens."""
