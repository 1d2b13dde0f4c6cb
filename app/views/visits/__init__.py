"""Views layer: the citizen's jemput bola screens (request, list, one visit, door check)."""
