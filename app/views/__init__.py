"""Views layer: one screen per module, @ft.component functions returning ft.View; no httpx."""
