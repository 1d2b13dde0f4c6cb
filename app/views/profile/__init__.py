"""Views layer: routed screens of the citizen's profile, family, Data Saya and access log."""
