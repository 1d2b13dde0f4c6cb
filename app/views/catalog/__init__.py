"""Views layer: routed screens of the service catalog (browse, one service)."""
