"""Factories for workforce: posts in 新民街社区 (a director) and 双石铺镇 (a supervisor)."""

import datetime

import factory

from guanai.workforce.models import Post, Tenure

XINMINJIE = "610330100007"
SHUANGSHIPU = "610330100"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    kind = "child_director"
    area_id = XINMINJIE
    established_on = datetime.date(2020, 1, 1)


class TenureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenure

    post = factory.SubFactory(PostFactory)
    area_id = factory.LazyAttribute(lambda t: t.post.area_id)
    name = factory.Sequence(lambda n: f"主任{n}")
    phone = "13800000000"
    started_on = datetime.date(2020, 1, 1)
