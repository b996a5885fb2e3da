"""ID numbers at rest: SM4-GCM encryption and a keyed SM3-HMAC digest for exact lookup.

The key comes from settings.GUANAI_ID_KEY (hex, 16 bytes, from the environment). Two subkeys are
derived from it so that the digest key never encrypts and vice versa. A stored value is
version (1 byte) + nonce (12) + ciphertext + tag (16); the version leaves room for key rotation.
See docs/adr/0002-id-number-encryption.md.
"""

import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

VERSION = b"\x01"
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


def encrypt(number: str) -> bytes:
    algorithm, _ = _primed(settings.GUANAI_ID_KEY)
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithm, modes.GCM(nonce)).encryptor()
    body = encryptor.update(number.encode("ascii")) + encryptor.finalize()
    return VERSION + nonce + body + encryptor.tag


def decrypt(blob: bytes) -> str:
    blob = bytes(blob)
    if blob[:1] != VERSION:
        raise IdCipherError("unknown ID cipher version")
    enc_key, _ = _keys(settings.GUANAI_ID_KEY)
    nonce, body, tag = blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:-TAG_BYTES], blob[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce, tag)).decryptor()
    return (decryptor.update(body) + decryptor.finalize()).decode("ascii")


def digest(number: str) -> str:
    """Keyed SM3 digest (hex) of a cleaned, valid number: equal numbers give equal digests."""
    _, primed = _primed(settings.GUANAI_ID_KEY)
    mac = primed.copy()
    mac.update(number.encode("ascii"))
    return mac.finalize().hex()
