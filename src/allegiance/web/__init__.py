"""The analyst web application: HTML pages and a JSON API over one knowledge base."""

from allegiance.web.app import create_app

__all__ = ["create_app"]
