"""HTTP: the REST API and the web UI over a store (``create_app(settings, store_factory)``; ``ghatna serve``)."""

from ghatna.api.app import create_app

__all__ = ["create_app"]
