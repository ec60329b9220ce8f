"""Reminders: e-mail a client that something is due (no PHI), within their preferences."""
