"""`guanai twofactor reset USERNAME`: the reset an administrator does in the admin, from the server's
console, for when the administrator is the one who lost the phone (docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from guanai.accounts.models import User
from guanai.accounts.twofactor import two_factor_reset


class Command(BaseCommand):
    help = "Two-factor sign-in: reset a user's (lost phone); they set it up again at the next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reset"])
        parser.add_argument("username")

    def handle(self, *args, action: str, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户 {username} / no such user")
        two_factor_reset(actor=None, user=user)
        self.stdout.write(f"已重置 {username} 的两步验证 / two-factor sign-in reset for {username}")
