"""Views layer: routed screens only, grouped by feature (views/<feature>/); no httpx."""
