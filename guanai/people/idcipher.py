"""ID numbers at rest: SM4-GCM encryption and a keyed SM3-HMAC digest for exact lookup.

The key comes from settings.GUANAI_ID_KEY (hex, 16 bytes, from the environment). Two subkeys are
derived from it so that the digest key never encrypts and vice versa. A stored value is
version 2 (1 byte) + key id (4) + nonce (12) + ciphertext + tag (16); version 1, written before key
rotation existed, has no key id. See docs/adr/0002-id-number-encryption.md.

Key rotation (people/idkeys.py, docs/operations.md): the new key becomes GUANAI_ID_KEY and the old
ones go to GUANAI_ID_KEY_OLD. Values are always written under the new key; values under an old one
stay readable, and `digests()` gives a number's digest under every key held, for lookups while rows
still carry old digests. When `guanai idkey rotate` has finished, the old keys are dropped.
"""

import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

VERSION_1 = b"\x01"
VERSION = b"\x02"
KEY_ID_BYTES = 4
NONCE_BYTES = 12
TAG_BYTES = 16


class IdCipherError(RuntimeError):
    pass


def _sm3_hmac(key: bytes, message: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(message)
    return mac.finalize()


@lru_cache(maxsize=4)
def _primed(master_hex: str) -> tuple[algorithms.SM4, hmac.HMAC]:
    """The cipher with its key and an HMAC with its key set up once; copies of the HMAC digest
    each number (an import does this 100,000 times: docs/performance.md)."""
    enc_key, mac_key = _keys(master_hex)
    return algorithms.SM4(enc_key), hmac.HMAC(mac_key, hashes.SM3())


@lru_cache(maxsize=4)
def _keys(master_hex: str) -> tuple[bytes, bytes]:
    try:
        master = bytes.fromhex(master_hex)
    except ValueError:
        raise IdCipherError("GUANAI_ID_KEY must be hex") from None
    if len(master) < 16:
        raise IdCipherError("GUANAI_ID_KEY must hold at least 16 bytes (32 hex characters)")
    return _sm3_hmac(master, b"guanai id encryption")[:16], _sm3_hmac(master, b"guanai id digest")


@lru_cache(maxsize=8)
def key_id(master_hex: str) -> bytes:
    """A short public name of a key, stored with each value so that decryption picks the right key."""
    return _sm3_hmac(_keys(master_hex)[1], b"guanai key id")[:KEY_ID_BYTES]


def keyring() -> list[str]:
    """The keys this server holds: the current one first, then the old ones still being rotated away."""
    return [settings.GUANAI_ID_KEY, *getattr(settings, "GUANAI_ID_KEY_OLD", [])]


def encrypt(number: str) -> bytes:
    master = settings.GUANAI_ID_KEY
    algorithm, _ = _primed(master)
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithm, modes.GCM(nonce)).encryptor()
    body = encryptor.update(number.encode("ascii")) + encryptor.finalize()
    return VERSION + key_id(master) + nonce + body + encryptor.tag


def decrypt(blob: bytes) -> str:
    blob = bytes(blob)
    if blob[:1] == VERSION:
        wanted = blob[1:1 + KEY_ID_BYTES]
        master = next((m for m in keyring() if key_id(m) == wanted), None)
        if master is None:
            raise IdCipherError("encrypted under a key this server does not hold (GUANAI_ID_KEY_OLD?)")
        return _open(master, blob[1 + KEY_ID_BYTES:])
    if blob[:1] != VERSION_1:
        raise IdCipherError("unknown ID cipher version")
    for master in keyring():  # version 1 names no key: the tag tells the right one
        try:
            return _open(master, blob[1:])
        except InvalidTag:
            continue
    raise IdCipherError("encrypted under a key this server does not hold (GUANAI_ID_KEY_OLD?)")


def _open(master_hex: str, sealed: bytes) -> str:
    enc_key, _ = _keys(master_hex)
    nonce, body, tag = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES], sealed[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce, tag)).decryptor()
    return (decryptor.update(body) + decryptor.finalize()).decode("ascii")


def is_current(blob: bytes | None) -> bool:
    """Whether a stored value is already under the current key (nothing to rotate)."""
    return blob is None or bytes(blob[:1 + KEY_ID_BYTES]) == VERSION + key_id(settings.GUANAI_ID_KEY)


def digest(number: str) -> str:
    """Keyed SM3 digest (hex) of a cleaned, valid number under the current key: equal numbers give
    equal digests."""
    return digest_with(settings.GUANAI_ID_KEY, number)


def digests(number: str) -> list[str]:
    """The number's digest under every key held (current first): what a lookup matches while a key
    rotation has not yet re-keyed every row."""
    return [digest_with(master, number) for master in keyring()]


def digest_with(master_hex: str, number: str) -> str:
    _, primed = _primed(master_hex)
    mac = primed.copy()
    mac.update(number.encode("ascii"))
    return mac.finalize().hex()
