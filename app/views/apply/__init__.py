"""Views layer: routed screens of filing an application (Ajukan Permohonan)."""
