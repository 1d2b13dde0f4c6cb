"""Views layer: routed screens of the citizen's applications (list, detail, fix)."""
