"""What a production server must not start with (checked when the settings load, so every entry point
refuses: guanai serve, guanai worker, a WSGI server, every management command).

A server is taken to face users when ALLOWED_HOSTS names any host other than the loopback names: a
bureau's users reach it by a real name or address, and Django answers only the names listed there.
The demo and a developer's machine keep the default (loopback only) and may use the demo keys.
"""

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
DEMO_SECRET_KEY = "guanai-demo-only-not-for-production"  # noqa: S105 - the value to refuse
DEMO_ID_KEY = "00112233445566778899aabbccddeeff"


def startup_refusals(*, debug: bool, allowed_hosts: list[str], secret_key: str, id_key: str) -> list[str]:
    """Reasons (bilingual, for the operator's console) not to start; empty when the settings are safe."""
    facing_users = any(host not in LOOPBACK_HOSTS for host in allowed_hosts)
    refusals = []
    if debug and ("*" in allowed_hosts or facing_users):
        refusals.append("DEBUG 已打开且 ALLOWED_HOSTS 不限于本机：调试页会把设置和数据给任何访问者 / "
                        "DEBUG is on while ALLOWED_HOSTS is open beyond this machine")
    if facing_users and secret_key == DEMO_SECRET_KEY:
        refusals.append("SECRET_KEY 仍是演示值：请设置自己的密钥 / SECRET_KEY is the demo value: set your own")
    if facing_users and id_key.lower() == DEMO_ID_KEY:
        refusals.append("GUANAI_ID_KEY 仍是演示值：身份证号等于未加密 / GUANAI_ID_KEY is the demo value: "
                        "ID numbers would be as good as unencrypted")
    return refusals
