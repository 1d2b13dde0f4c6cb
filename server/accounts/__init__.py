"""Server layer: accounts feature (registration, login, sessions, staff scopes)."""
