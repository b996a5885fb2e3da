"""SM3 digests (GB/T 32905, the national standard hash) of bytes and of files: the fingerprint of a
package or a department's file that the record keeps, so that the same file is known again."""

from pathlib import Path

from cryptography.hazmat.primitives import hashes

CHUNK = 1 << 20  # a package or a department's file may be large; never read it whole


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def sm3_file_hex(path: Path) -> str:
    digest = hashes.Hash(hashes.SM3())
    with Path(path).open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.finalize().hex()
