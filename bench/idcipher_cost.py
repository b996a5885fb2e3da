"""CPU per ID number of what an import does to it at rest (issue 16, part 4): SM4-GCM and SM3-HMAC.

    .venv/bin/python -m bench.idcipher_cost [--numbers 20000] [--repeat 7]

CPU seconds (time.process_time, the best of --repeat passes over --numbers numbers, in microseconds
per number) of:
- `idcipher.encrypt` and `idcipher.digest`, as the import's reading process calls them;
- the parts of `encrypt`: a nonce (os.urandom); building cryptography's `Cipher` and its GCM
  encryptor, which `cryptography` offers only per nonce (it has no one-shot SM4-GCM as `AESGCM` is
  for AES); and the SM4 work proper, timed as one CTR keystream of the same blocks from a context
  built once (`reset_nonce` per number): the floor for any SM4-GCM built from cryptography's
  primitives before its GHASH, which would then have to be written in Python.
So it says how much a cheaper SM4-GCM could save per 100,000 rows, at most. (Tried, 2026-12-05: a GCM
from that context and a table-driven GHASH in Python gave the same bytes at 7.51 against 7.88 µs a
number in one run; not kept, docs/performance.md.)
"""

import argparse
import os
import sys
import time
from pathlib import Path


def _best(function, numbers: list[str], repeat: int) -> float:
    """Microseconds of CPU per number, best of `repeat` passes."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        function(numbers)
        best = min(best, time.process_time() - started)
    return best / len(numbers) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    os.environ.setdefault("GUANAI_ID_KEY", "00112233445566778899aabbccddeeff")
    import django

    django.setup()
    from cryptography.hazmat.primitives.ciphers import Cipher, modes
    from django.conf import settings

    from guanai.people import idcipher

    numbers = [f"610330{1930 + i % 60}0101{i % 1000:03d}" for i in range(args.numbers)]
    numbers = [n + "0" for n in numbers]  # 18 characters, as stored (the check digit does not matter here)
    algorithm, _ = idcipher._primed(settings.GUANAI_ID_KEY)
    keystream = Cipher(algorithm, modes.CTR(bytes(16))).encryptor()
    first_block = bytes(16)

    def encrypt(batch):
        for number in batch:
            idcipher.encrypt(number)

    def digest(batch):
        for number in batch:
            idcipher.digest(number)

    def nonce(batch):
        for _ in batch:
            os.urandom(idcipher.NONCE_BYTES)

    def contexts(batch):
        for _ in batch:
            Cipher(algorithm, modes.GCM(os.urandom(idcipher.NONCE_BYTES))).encryptor()

    def sm4_blocks(batch):  # the tag's block E(J0) and the number's counter blocks, one call
        for number in batch:
            keystream.reset_nonce(os.urandom(idcipher.NONCE_BYTES) + b"\0\0\0\1")
            keystream.update(first_block + number.encode("ascii"))

    rows = [("idcipher.encrypt (SM4-GCM, as stored)", encrypt),
            ("idcipher.digest (SM3-HMAC)", digest),
            ("  of encrypt: nonce (os.urandom)", nonce),
            ("  of encrypt: nonce + Cipher and GCM encryptor built", contexts),
            ("  floor: nonce + SM4 blocks from a context built once", sm4_blocks)]
    print(f"# idcipher_cost: {args.numbers:,} numbers, best of {args.repeat}; load {os.getloadavg()[0]:.1f}")
    print("| what | CPU per number | CPU per 100,000 rows |")
    print("| --- | ---: | ---: |")
    for label, function in rows:
        micro = _best(function, numbers, args.repeat)
        print(f"| {label} | {micro:.2f} µs | {micro / 10:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
