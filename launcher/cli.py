"""Launcher layer: the `satupintu` command line — `up` (here) plus the server's commands
(`server`, `admin …`, from server/cli.py)."""

import argparse
from collections.abc import Sequence

from launcher import up
from server import cli as server_cli


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    result: int = args.func(args)
    return result


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="satupintu", description="SatuPintu — MPP Digital")
    sub = p.add_subparsers(required=True, metavar="COMMAND")
    up.add_command(sub)
    server_cli.add_commands(sub)
    return p
