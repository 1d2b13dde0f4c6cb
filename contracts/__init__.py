"""Contracts layer: wire schemas and rules shared by app and server (pydantic only, no I/O)."""
