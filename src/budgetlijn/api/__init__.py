"""The REST API (Django REST framework, OpenAPI 3 schema by drf-spectacular).

Versioned under /api/v1/; one module per resource in ``v1`` (statistics for now), wired in
``v1/urls.py``. The schema is at /api/schema/ and its documentation at /api/docs/.
"""
