"""Views layer: routed screens of sign-up and sign-in (welcome, login, register)."""
