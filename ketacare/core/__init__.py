"""Shared foundations: base model, encrypted fields, permissions, middleware, checks."""
