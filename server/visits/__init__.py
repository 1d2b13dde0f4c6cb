"""Server layer: jemput bola — home-visit requests, teams, the coordinator's board."""
