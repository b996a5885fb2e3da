from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    area_code: str | None


@router.get("/me", response=MeOut)
def me(request: HttpRequest):
    user = request.user
    return {"username": user.username, "full_name": user.full_name, "role": user.role, "area_code": user.area_id}
