import factory

from guanai.accounts.models import User
from guanai.accounts.roles import Role

TEST_PASSWORD = "Test-pass-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.CHILD_DIRECTOR
    area = None
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def two_factor_enrol(user: User):
    """Turn two-factor sign-in on for `user` as the setup page does; returns (the app, recovery codes).
    The app's `code(steps)` gives the code so many 30-second steps from now (each code is taken once)."""
    import pyotp
    from django.utils import timezone

    from guanai.accounts.twofactor import two_factor_begin, two_factor_confirm

    device = two_factor_begin(user=user)
    app = pyotp.TOTP(device.secret)
    app.code = lambda steps=0: app.at(timezone.now(), counter_offset=steps)
    # Set up with the previous step's code (within the drift): the current and next codes stay unused.
    return app, two_factor_confirm(user=user, code=app.code(-1))
