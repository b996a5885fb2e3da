"""Errors a service raises besides Django's ValidationError and PermissionDenied.

config/api.py maps every service error to one HTTP answer (ValidationError 422, PermissionDenied 403,
Conflict 409, Http404 404); pages put them on forms with guanai.core.forms.form_add_errors.
"""

from typing import Any


class Conflict(Exception):
    """A write refused because of a row that exists or has moved on already (an ID number registered,
    a locked roster). The API answers 409 with `answer()`; subclasses add the ids a client needs."""

    def answer(self) -> dict[str, Any]:
        return {"detail": str(self)}
