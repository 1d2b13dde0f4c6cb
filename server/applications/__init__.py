"""Server layer: remote applications, the officer queue and the citizen inbox."""
