"""Views layer: routed screens of Kode QR Saya, Pindai QR, Periksa Petugas, Kartu Petugas."""
