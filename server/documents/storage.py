"""Server layer: encryption at rest for wallet files (AES-256-GCM, key via HKDF from the secret).

Content lives in the database (table `document_contents`), not in the data folder: API replicas
stay stateless, the bytes and their row commit in one transaction (a crash cannot leave a
half-written record or an orphan file), and backups include the documents. The size limit
(5 MB) keeps each row small enough for both SQLite and PostgreSQL.
"""

import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"\x01"  # format byte: lets a later key scheme coexist with this one
_NONCE = 12
_INFO = b"satupintu/documents/v1"


class DecryptError(Exception):
    """The ciphertext was altered, moved to another row, or the secret key changed."""


@lru_cache(maxsize=4)
def _key(secret: str) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
    return AESGCM(hkdf.derive(secret.encode()))


def _aad(document_id: str, part: str) -> bytes:
    # binds each ciphertext to its document and role, so blobs cannot be swapped between rows
    return f"{document_id}:{part}".encode()


def seal(secret: str, document_id: str, part: str, plaintext: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return VERSION + nonce + _key(secret).encrypt(nonce, plaintext, _aad(document_id, part))


def open_sealed(secret: str, document_id: str, part: str, blob: bytes) -> bytes:
    if blob[:1] != VERSION:
        raise DecryptError("unknown format")
    nonce, body = blob[1 : 1 + _NONCE], blob[1 + _NONCE :]
    try:
        return _key(secret).decrypt(nonce, body, _aad(document_id, part))
    except InvalidTag as exc:
        raise DecryptError("authentication failed") from exc
