"""Views layer: jemput bola for coordinators — the board and the day plan."""
