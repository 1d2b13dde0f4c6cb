"""Server layer: access-log feature (UU PDP: the citizen sees who read their data and why)."""
