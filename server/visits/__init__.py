"""Server layer: jemput bola — home-visit requests, teams, day plans and the field day."""
