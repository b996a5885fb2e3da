import pytest

from guanai.reports.figures import ratio_text, yuan_text


@pytest.mark.parametrize(("fen", "text"), [
    (1_975_000, "19750元"), (18_000, "180元"), (6_732_100, "67321元"), (12_345, "123.45元"),
    (68_800_000, "68.8万元"), (110_800_000, "110.8万元"), (0, "0元"),
    (4_000_000, "4万元"), (1_000_000, "1万元"), (810_000, "8100元"), (4_000_100, "40001元"), (-3_000_000, "-3万元"),
])
def test_money_is_written_as_the_seeds_write_it(fen, text):
    assert yuan_text(fen) == text


def test_a_ratio_is_a_percentage_with_one_decimal():
    assert ratio_text(2, 3) == "66.7%"
    assert ratio_text(5, 0) == "—"
