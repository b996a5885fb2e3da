"""Messages stored as a key with parameters: rendered in the reader's language, nested words and lists
translated too, and the stored JSON gives back the same message."""

from django.utils import translation

from guanai.core.messages import Listing, Message, label_word, message_text, word


def _reason() -> Message:
    return Message("%(clauses)s", clauses=Listing([
        Message("农村户籍、未满%(age)s周岁", age=16),
        Message("%(who)s外出务工", who=Message("父亲%(name)s", name="张三")),
        Message("%(who)s死亡", who=Message("母亲%(name)s", name="李梅"))], "，"))


def test_renders_in_the_active_language():
    with translation.override("zh-hans"):
        assert str(_reason()) == "农村户籍、未满16周岁，父亲张三外出务工，母亲李梅死亡"
    with translation.override("en"):
        assert str(_reason()) == "rural hukou, under 16, father 张三 works away, mother 李梅 has died"
    assert _reason().render_in("en").startswith("rural hukou")


def test_the_stored_form_gives_back_the_same_message():
    stored = _reason().to_json()
    assert Message.from_json(stored) == _reason()
    with translation.override("en"):
        assert message_text(stored) == _reason().render()


def test_words_and_choice_labels_are_translated():
    with translation.override("en"):
        assert Message("家庭%(kinds)s", kinds=Listing([word("低保"), word("特困")])).render() == \
            "family on Dibao, Tekun"
        assert label_word(translation.gettext_lazy("低保")).key == "低保"


def test_no_message_falls_back_to_the_text_as_stored():
    assert message_text({}, "村委会核实") == "村委会核实"
    assert message_text(None) == ""
    assert Message("").render() == ""
