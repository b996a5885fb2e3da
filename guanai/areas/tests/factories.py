import factory

from guanai.areas.models import Area


class AreaFactory(factory.django.DjangoModelFactory):
    """Ad-hoc areas for unit tests; most tests use the real tree from the `areas` fixture."""

    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99{n:04d}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    short_name = factory.SelfAttribute("name")
    level = "county"
