"""A server facing users refuses the demo keys and an open DEBUG; the documented production settings
pass `guanai check --deploy` (docs/operations.md, "Behind a TLS proxy")."""

import os
import secrets
import subprocess
import sys

import pytest

from guanai.config.safety import DEMO_ID_KEY, DEMO_SECRET_KEY, startup_refusals

OWN_KEY = "k" * 60
OWN_ID_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.mark.parametrize(("debug", "hosts", "secret", "id_key", "refused"), [
    (False, ["127.0.0.1", "localhost"], DEMO_SECRET_KEY, DEMO_ID_KEY, 0),  # the demo on this machine
    (False, ["guanai.mzj.example.gov.cn"], DEMO_SECRET_KEY, OWN_ID_KEY, 1),
    (False, ["guanai.mzj.example.gov.cn"], OWN_KEY, DEMO_ID_KEY, 1),
    (False, ["10.1.2.3"], DEMO_SECRET_KEY, DEMO_ID_KEY, 2),
    (True, ["*"], OWN_KEY, OWN_ID_KEY, 1),
    (True, ["localhost"], OWN_KEY, OWN_ID_KEY, 0),  # a developer's machine
    (False, ["guanai.mzj.example.gov.cn"], OWN_KEY, OWN_ID_KEY, 0),
])
def test_startup_refusals(debug, hosts, secret, id_key, refused):
    assert len(startup_refusals(debug=debug, allowed_hosts=hosts, secret_key=secret, id_key=id_key)) == refused


PRODUCTION = {
    "ALLOWED_HOSTS": "guanai.mzj.example.gov.cn", "CSRF_TRUSTED_ORIGINS": "https://guanai.mzj.example.gov.cn",
    "TRUSTED_PROXIES": "127.0.0.1", "SECURE_COOKIES": "1", "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
}


def _guanai(tmp_path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "GUANAI_DATA_DIR": str(tmp_path), **env}
    environ.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "guanai.cli", "check", "--deploy", "--fail-level", "WARNING"],  # noqa: S603
                          env=environ, capture_output=True, text=True, timeout=120, check=False)


def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    result = _guanai(tmp_path, SECRET_KEY=secrets.token_urlsafe(50), GUANAI_ID_KEY=secrets.token_hex(16), **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_production_with_the_demo_id_key_does_not_start(tmp_path):
    result = _guanai(tmp_path, SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    assert result.returncode != 0
    assert "GUANAI_ID_KEY" in result.stderr
