"""Properties of fix_text on arbitrary text (hypothesis)."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from transnorm import fix_text

# Text drawn from the alphabets the engine reasons about: ASCII, Latin-1,
# the characters single-byte codecs produce, CJK, emoji.
ALPHABET = st.sampled_from(
    list("abcdeAO  \n-:,.()[]")
    + [chr(c) for c in range(0xA0, 0x180)]
    + list("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸğĞışŞİ√∞≈ΩπσДдЉљ")
    + list("中文模型训练大不与，。“”（）：")
    + ["😀", "⚡", "❤", "\ufe0f", "\u200d"]
)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ALPHABET, max_size=40))
@example("aÃ‘:\xa0¢")  # a rejected run once vouched for a lone lead on its line
def test_fix_text_never_raises_and_is_idempotent(text):
    once = fix_text(text)
    assert isinstance(once, str)
    assert fix_text(once) == once


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(st.sampled_from(list("中文模型训练大不与，。“”（）：、") + list("abc ")), max_size=30))
def test_clean_chinese_is_untouched(text):
    assert fix_text(text) == text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["ação", "não", "INTRODUÇÃO", "parâmetro", "é", "à", "você", "naïve", "“x”", "—"]), max_size=8))
def test_clean_portuguese_is_untouched(words):
    text = " ".join(words)
    assert fix_text(text) == text


# Clean text of the kinds READMEs hold: diagrams and tree listings, math and
# emoji sequences; and Nordic and Turkish capitals (ftfy's negative cases are
# of these kinds).  transnorm changes none of it that ftfy leaves alone.
SYMBOLS = st.sampled_from(
    list("┌┐└┘├┤┬┴┼─│═║╔╗╚╝▶◀■□●○") + list("√π∑∫≤≥≠∞≈±×÷°²³µ∆∇")
    + ["👩\u200d💻", "🏳\ufe0f\u200d🌈", "👍🏽", "❤\ufe0f", "✅", "❌"] + list("ab xyz09-_/|.:()")
)
CAPITALS = st.sampled_from(["SKÅNE", "ÆRØ", "SELKÄ", "HÅØYA", "BLÅØYD", "İSTANBUL", "ŞİŞLİ", "ĞÜÇ", "ÖZEL", "Ä\xa0", "Ø", " ", "-", ", "])


def _untouched_unless_ftfy_reads_mojibake(text):
    import ftfy

    if ftfy.fix_encoding(text) == text:
        assert fix_text(text) == text
        assert fix_text(text, markdown=True) == text


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SYMBOLS, max_size=30).map("".join))
def test_clean_diagrams_math_and_emoji_are_untouched(text):
    _untouched_unless_ftfy_reads_mojibake(text)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CAPITALS, max_size=12).map("".join))
def test_clean_nordic_and_turkish_capitals_are_untouched(text):
    _untouched_unless_ftfy_reads_mojibake(text)
