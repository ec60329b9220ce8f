"""The client record and its care team."""
