"""Append-only, hash-chained audit trail of every access to client data."""
