"""Server layer: the citizen profile, family members and staff access grants."""
