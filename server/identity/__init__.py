"""Server layer: signed identity tokens (Kode QR Saya, officer credential), keys and JWKS."""
