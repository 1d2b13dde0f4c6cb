"""Server layer: the service catalog feature (tables, import, API)."""
