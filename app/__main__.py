"""Composition root: `python -m app` reads SATUPINTU_* environment variables and runs the app."""

import os

from app.main import run_app
from app.settings import DEFAULT_API_URL, DEFAULT_APP_PORT


def main() -> None:
    run_app(
        os.environ.get("SATUPINTU_API_URL", DEFAULT_API_URL),
        web=os.environ.get("SATUPINTU_APP_WEB", "") == "1",
        host=os.environ.get("SATUPINTU_APP_HOST", "127.0.0.1"),
        port=int(os.environ.get("SATUPINTU_APP_PORT", str(DEFAULT_APP_PORT))),
    )


if __name__ == "__main__":
    main()
