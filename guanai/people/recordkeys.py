"""The record key (记录编号) an export writes beside each person (issue 16, "Round trip").

A sheet whose ID numbers are masked (6103**********123X) cannot say who a row is, so every export
carries a record key column and the import matches a row that has one to that very person, as an
update. A key is the person's primary key with a keyed digest of it (Django's salted HMAC under the
installation's SECRET_KEY): it cannot be edited into another person's key, and it tells a reader of
the sheet nothing but that the row came from this installation. It grants nothing: the import still
refuses a person outside the importer's scope.
"""

import re

from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "guanai.people.record-key"
_DIGEST_CHARS = 10  # 40 bits: enough that an edited key is refused, short enough to read out on the phone
_PATTERN = re.compile(rf"^R(\d{{1,18}})-([0-9a-f]{{{_DIGEST_CHARS}}})$")


class RecordKeyError(ValueError):
    pass


def _digest(pk: int) -> str:
    return salted_hmac(_SALT, str(pk), algorithm="sha256").hexdigest()[:_DIGEST_CHARS]


def record_key(pk: int) -> str:
    """R1234-0a1b2c3d4e"""
    return f"R{pk}-{_digest(pk)}"


def record_key_pk(text: str) -> int:
    """The person's primary key; raises RecordKeyError when the key was edited or is not one of ours."""
    match = _PATTERN.match(text.strip())
    if match is None or not constant_time_compare(match.group(2), _digest(int(match.group(1)))):
        raise RecordKeyError(f"记录编号“{text.strip()}”无效，请勿修改导出表中的记录编号 / "
                             "the record key was changed or does not come from this system")
    return int(match.group(1))
