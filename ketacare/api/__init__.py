"""The JSON API at /api/v1/: the NinjaAPI instance, authentication and error handlers."""
