"""Server layer: health feature."""
