import pytest
from django.conf import settings


@pytest.mark.django_db
def test_chinese_even_for_an_english_browser(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_the_switch_chooses_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/login/")
    assert response["Content-Language"] == "en"
