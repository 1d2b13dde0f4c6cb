"""Token stores: secure storage on devices/web, a secure keyring on desktop, else memory only."""

import inspect
from typing import Any

import keyring
import pytest
from flet_secure_storage import SecureStorage
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, chainer, fail, null

from app.services.device_store import DeviceStore
from app.services.keyring_store import KeyringTokenStore, desktop_token_store, is_secure_keyring
from app.services.tokens import (
    TOKEN_KEY,
    DeviceTokenStore,
    MemoryTokenStore,
    choose_token_store,
)


def unregistered(cls: Any) -> Any:
    """Keep test backends out of keyring's auto-detection (subclasses register themselves)."""
    KeyringBackend._classes.discard(cls)
    return cls


@unregistered
class SecretServiceHere(SecretService.Keyring):
    """The real Secret Service backend class, with its D-Bus store replaced by a dict."""

    priority = 5

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.saved.get((service, username))

    def set_password(self, service, username, password):
        self.saved[(service, username)] = password

    def delete_password(self, service, username):
        self.saved.pop((service, username))


@unregistered
class LockedSecretService(SecretServiceHere):
    """A secure backend whose store is locked: every call fails."""

    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service, username, password):
        raise keyring.errors.KeyringLocked("locked")


@unregistered
class UnavailableSecretService(SecretService.Keyring):
    """Secret Service class on a box without D-Bus: keyring raises from `priority`."""

    @keyring.compat.properties.classproperty
    def priority(cls):
        raise RuntimeError("no D-Bus session")


# keyring's own classes are untyped; bind them as Any once.
FailKeyring: Any = fail.Keyring
NullKeyring: Any = null.Keyring
Unavailable: Any = UnavailableSecretService


def plaintext_backend(module: str) -> Any:
    """A backend class living in keyrings.alt (not installed here), e.g. its PlaintextKeyring."""
    namespace = {
        "priority": 0.5,
        "__module__": module,
        "get_password": lambda self, service, username: None,
        "set_password": lambda self, service, username, password: None,
    }
    return unregistered(type("PlaintextKeyring", (KeyringBackend,), namespace))()


def chain_of(*backends: KeyringBackend) -> Any:
    cls = type("Chain", (chainer.ChainerBackend,), {"backends": list(backends)})
    return unregistered(cls)()


class FakeSecureStorage:
    """Stands in for flet_secure_storage.SecureStorage (no Flutter client here)."""

    def __init__(self, *, broken: bool = False) -> None:
        self.values: dict[str, str] = {}
        self.broken = broken

    async def get(self, key: str) -> str | None:
        if self.broken:
            raise TimeoutError("client did not answer")
        return self.values.get(key)

    async def set(self, key: str, value: str) -> None:
        if self.broken:
            raise TimeoutError("client did not answer")
        self.values[key] = value

    async def remove(self, key: str) -> None:
        if self.broken:
            raise TimeoutError("client did not answer")
        self.values.pop(key, None)


# ------------------------------------------------------------------ keyring classification


@pytest.mark.parametrize(
    "backend",
    [
        FailKeyring(),
        NullKeyring(),
        plaintext_backend("keyrings.alt.file"),
        plaintext_backend("keyrings.alt.Windows"),
        chain_of(),
        chain_of(FailKeyring(), NullKeyring()),
        chain_of(SecretServiceHere(), plaintext_backend("keyrings.alt.file")),
        Unavailable(),
    ],
    ids=[
        "fail",
        "null",
        "keyrings.alt-plaintext",
        "keyrings.alt-encrypted",
        "empty-chain",
        "chain-of-rejects",
        "chain-with-plaintext",
        "secret-service-unavailable",
    ],
)
def test_insecure_or_unusable_keyrings_are_rejected(backend):
    assert not is_secure_keyring(backend)
    assert desktop_token_store(backend).kind == "memory"


def test_an_os_secret_store_is_accepted():
    assert is_secure_keyring(SecretServiceHere())
    assert is_secure_keyring(chain_of(SecretServiceHere()))
    assert desktop_token_store(SecretServiceHere()).kind == "keyring"


def test_an_unknown_backend_is_not_trusted():
    namespace = {
        "priority": 9,
        "__module__": "homemade",
        "get_password": lambda self, service, username: None,
        "set_password": lambda self, service, username, password: None,
    }
    homemade = unregistered(type("Homemade", (KeyringBackend,), namespace))()
    assert not is_secure_keyring(homemade)


def test_the_active_keyring_is_asked_when_none_is_given(monkeypatch):
    monkeypatch.setattr(keyring, "get_keyring", lambda: FailKeyring())
    assert isinstance(desktop_token_store(), MemoryTokenStore)
    backend = SecretServiceHere()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    assert isinstance(desktop_token_store(), KeyringTokenStore)


# ------------------------------------------------------------------ stores


async def test_keyring_store_round_trip():
    backend = SecretServiceHere()
    store = desktop_token_store(backend)
    await store.save("tok-1")
    assert await store.load() == "tok-1"
    assert list(backend.saved.values()) == ["tok-1"]
    await store.clear()
    assert await store.load() is None
    assert backend.saved == {}


async def test_a_locked_keyring_keeps_the_session_for_this_run_only():
    store = desktop_token_store(LockedSecretService())
    await store.save("tok-1")
    assert await store.load() == "tok-1"
    await store.clear()
    assert await store.load() is None


async def test_memory_store_round_trip(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = MemoryTokenStore()
    assert await store.load() is None
    await store.save("tok")
    assert await store.load() == "tok"
    await store.clear()
    assert await store.load() is None
    assert list(tmp_path.iterdir()) == []  # nothing ever touches the disk


async def test_secure_storage_store_round_trip():
    backend = FakeSecureStorage()
    store = DeviceTokenStore(DeviceStore(backend))
    assert await store.load() is None
    await store.save("tok")
    assert backend.values == {TOKEN_KEY: "tok"}
    assert await DeviceTokenStore(DeviceStore(backend)).load() == "tok"  # survives a restart
    await store.clear()
    assert backend.values == {}
    assert await store.load() is None


async def test_a_failing_secure_storage_never_breaks_the_session():
    store = DeviceTokenStore(DeviceStore(FakeSecureStorage(broken=True)))
    assert await store.load() is None
    await store.save("tok")
    assert await store.load() == "tok"
    await store.clear()
    assert await store.load() is None


def test_devices_and_web_use_the_device_store_desktop_uses_the_keyring():
    device = DeviceStore(FakeSecureStorage())
    chosen = choose_token_store(device, on_device=True)
    assert isinstance(chosen, DeviceTokenStore)
    desktop = choose_token_store(device, on_device=False, keyring_backend=FailKeyring())
    assert isinstance(desktop, MemoryTokenStore)


@pytest.mark.parametrize("method", ["get", "set", "remove"])
def test_the_real_secure_storage_service_fits_the_backend_protocol(method):
    """Guards against flet-secure-storage API drift: async, key first, value second for set."""
    fn = getattr(SecureStorage, method)
    assert inspect.iscoroutinefunction(fn)
    all_params = inspect.signature(fn).parameters.values()
    params = [p for p in all_params if p.kind is p.POSITIONAL_OR_KEYWORD]
    expected = ["self", "key", "value"] if method == "set" else ["self", "key"]
    assert [p.name for p in params] == expected
