"""Views layer: routed screens of the officer's back office (queue, one application)."""
