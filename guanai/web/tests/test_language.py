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


def test_a_bilingual_message_shows_only_the_readers_half():
    from django.utils import translation

    from guanai.core.bilingual import reader_text

    message = "身份证号“610330”校验位错误 / check character is wrong"
    with translation.override("zh-hans"):
        assert reader_text(message) == "身份证号“610330”校验位错误"
    with translation.override("en"):
        assert reader_text(message) == "check character is wrong"
    # English halves may quote a Chinese column; plain text and slashes inside Chinese stay as they are.
    assert reader_text("第3行“结果”列无效 / row 3, column 结果", "en") == "row 3, column 结果"
    assert reader_text("村(社区) / 乡镇") == "村(社区) / 乡镇"
    assert reader_text("已保存") == "已保存"


def test_a_form_error_from_a_service_is_in_one_language(rf):
    from django import forms
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from guanai.core.forms import form_add_errors

    class F(forms.Form):
        id_number = forms.CharField()

    for language, shown, hidden in (("zh-hans", "校验位错误", "check character"), ("en", "check character",
                                                                                  "校验位错误")):
        with translation.override(language):
            form = F(data={"id_number": "x"})
            form.is_valid()
            form_add_errors(form, ValidationError({"id_number": ["校验位错误 / check character is wrong"]}))
            text = str(form.errors)
            assert shown in text and hidden not in text
