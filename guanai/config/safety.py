"""What a production server must not start with (checked when the settings load, so every entry point
refuses: guanai serve, guanai worker, a WSGI server, every management command).

A server is taken to face users when ALLOWED_HOSTS names any host other than the loopback names: a
bureau's users reach it by a real name or address, and Django answers only the names listed there.
The demo and a developer's machine keep the default (loopback only) and may use the demo keys.
"""

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
DEMO_SECRET_KEY = "guanai-demo-only-not-for-production"  # noqa: S105 - the value to refuse
DEMO_ID_KEY = "00112233445566778899aabbccddeeff"
# Who must sign in with a second factor on a server facing users (等保 2.0 level 3, identity
# authentication: two or more factors for privileged users). The demo on loopback asks nobody.
TWO_FACTOR_DEFAULT_ROLES = "administrator,auditor,county_officer,prefecture_analyst"
TWO_FACTOR_MANDATORY_ROLES = frozenset({"administrator", "auditor"})


def faces_users(allowed_hosts: list[str]) -> bool:
    return any(host not in LOOPBACK_HOSTS for host in allowed_hosts)


def startup_refusals(*, debug: bool, allowed_hosts: list[str], secret_key: str, id_key: str,
                     two_factor_roles: list[str] | None = None) -> list[str]:
    """Reasons (bilingual, for the operator's console) not to start; empty when the settings are safe.
    `two_factor_roles` (the roles that must use two-factor sign-in) is not checked when None."""
    facing_users = faces_users(allowed_hosts)
    refusals = []
    if debug and ("*" in allowed_hosts or facing_users):
        refusals.append("DEBUG 已打开且 ALLOWED_HOSTS 不限于本机：调试页会把设置和数据给任何访问者 / "
                        "DEBUG is on while ALLOWED_HOSTS is open beyond this machine")
    if facing_users and secret_key == DEMO_SECRET_KEY:
        refusals.append("SECRET_KEY 仍是演示值：请设置自己的密钥 / SECRET_KEY is the demo value: set your own")
    if facing_users and id_key.lower() == DEMO_ID_KEY:
        refusals.append("GUANAI_ID_KEY 仍是演示值：身份证号等于未加密 / GUANAI_ID_KEY is the demo value: "
                        "ID numbers would be as good as unencrypted")
    if facing_users and two_factor_roles is not None and not TWO_FACTOR_MANDATORY_ROLES.issubset(two_factor_roles):
        refusals.append("TWO_FACTOR_REQUIRED_ROLES 须包含 administrator 和 auditor：特权用户必须两步验证 / "
                        "TWO_FACTOR_REQUIRED_ROLES must include administrator and auditor")
    return refusals
