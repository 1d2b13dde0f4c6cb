"""Views layer: routed screens of the document wallet (Dokumen Saya)."""
