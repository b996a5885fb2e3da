from ninja import Schema


class AreaOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    kind: str
    parent_id: str | None
    edition: str
    ended_on: str | None = None

    @staticmethod
    def resolve_ended_on(obj) -> str | None:
        return obj.ended_on.isoformat() if obj.ended_on else None


class AreaDetailOut(Schema):
    area: AreaOut
    ancestors: list[AreaOut]
    descendant_counts: dict[str, dict[str, int]]
