"""Views layer: routed screens of the homes, settings and the inbox."""
