"""Server layer: the SatuPintu API (FastAPI + async SQLAlchemy); nothing in app/ may import it."""
