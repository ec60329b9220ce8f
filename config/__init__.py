"""Django project configuration for ketacare."""
