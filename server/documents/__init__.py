"""Server layer: the document wallet (typed uploads, checked, encrypted at rest, thumbnails)."""
