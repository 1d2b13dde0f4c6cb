"""Launcher layer: the `satupintu` command — starts the API and the app together (`up`) and
passes every other command to the server's (`server/cli.py`). The one place that imports both
`server/` and `app/`; neither of them imports it."""
