"""Tests of launcher/cli.py: `satupintu` keeps every documented command (README), `up` is the
launcher's, the rest the server's."""

import pytest

from launcher import cli, up
from server import cli as server_cli


def test_up_is_the_launchers_with_its_documented_options() -> None:
    args = cli.parser().parse_args(["up", "--web", "--api-port", "8001", "--app-port", "8551"])
    assert args.func is up.run
    assert (args.web, args.api_port, args.app_port, args.host) == (True, 8001, 8551, "127.0.0.1")


@pytest.mark.parametrize(
    "argv",
    [
        ["server", "--host", "0.0.0.0", "--port", "9000", "--workers", "2"],
        ["admin", "migrate"],
        ["admin", "seed-demo"],
        ["admin", "import-catalog"],
        ["admin", "rotate-keys"],
        ["admin", "purge-deleted"],
        ["admin", "cancel-deletion", "--nik", "3579014101900001"],
        ["admin", "create-staff", "--username", "u", "--name", "N", "--role", "field"],
    ],
)
def test_the_servers_commands_are_there_too(argv: list[str]) -> None:
    assert cli.parser().parse_args(argv).func.__module__.startswith("server.")


def test_the_server_alone_has_no_up() -> None:
    with pytest.raises(SystemExit):
        server_cli.main(["up"])
