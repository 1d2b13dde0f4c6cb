"""Server layer: settings from the environment (SATUPINTU_*); no default secrets outside dev."""

from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-insecure-secret-change-me"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


def normalize_database_url(url: str) -> str:
    """Give plain postgresql:// and sqlite:// URLs their async driver."""
    for plain, driver in (
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


class Settings(BaseSettings):
    """Everything the server reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="SATUPINTU_", extra="ignore")

    env: Environment = Environment.DEVELOPMENT
    data_dir: Path = Path("data")
    database_url: str = ""
    secret_key: str = DEV_SECRET
    session_ttl_hours: int = Field(default=24 * 30, ge=1)
    staff_session_ttl_hours: int = Field(default=12, ge=1)
    # login limits (server/accounts/throttle.py); failures count within client_window_minutes
    login_max_failures: int = Field(default=5, ge=1)  # one account from one address
    account_max_failures: int = Field(default=20, ge=1)  # one account from all addresses
    login_lock_max_minutes: int = Field(default=15, ge=1)  # cap of the doubling lock
    client_max_failures: int = Field(default=100, ge=1)  # one address, any accounts (sprays)
    client_window_minutes: int = Field(default=15, ge=1)
    # behind a reverse proxy: the client is the last X-Forwarded-For entry (what it appended)
    trust_forwarded_for: bool = False

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{(self.data_dir / 'satupintu.db').resolve()}"
        self.database_url = normalize_database_url(self.database_url)
        weak = self.secret_key == DEV_SECRET or len(self.secret_key) < 32
        if weak and self.env is not Environment.DEVELOPMENT:
            raise ValueError("SATUPINTU_SECRET_KEY must be set to a random value of 32+ chars")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
