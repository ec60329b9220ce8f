"""Outcomes: client progress, the practice dashboard, the outcomes CLI and the measures export."""
