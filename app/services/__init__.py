"""Services layer: the app's non-UI services (HTTP API, token store, i18n); never imports flet."""
