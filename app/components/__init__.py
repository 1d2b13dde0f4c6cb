"""Components layer: reusable widgets and pure builders (data in, control out); no httpx."""
