"""The language model's shortcuts give the answers of the plain model."""

import random

import pytest

from transnorm import lm

model = lm.builtin()


@pytest.fixture(scope="module")
def blog(seeds):
    return seeds["efficient-llms-survey.zh-blog.md"]


def test_splice_equals_the_whole_text_score(blog):
    # the repair search scores every reading of a lost byte between the same
    # neighbours with a Splice: it must give text_logprob's answer
    rng = random.Random(7)
    hans = sorted({c for c in blog if lm.is_han(c)})
    checked = 0
    for _ in range(400):
        i = rng.randrange(8, len(blog) - 8)
        left = ("\n" if rng.random() < 0.2 else "") + blog[i - rng.randrange(0, 8) : i]
        right = blog[i + 1 : i + 1 + rng.randrange(0, 8)] + ("\n" if rng.random() < 0.2 else "")
        splice = lm.Splice(model, left, right)
        for c in rng.sample(hans, 4) + [blog[i], "，", "a", "*", "✅"]:
            assert splice(c) == pytest.approx(model.text_logprob(left + c + right), abs=1e-9), (left, c, right)
            checked += 1
    assert checked == 400 * 9


def test_pairs_are_read_through_emphasis_marks():
    # `**GitHub地址**：` pairs 址 with ：, as the plain text would
    assert model.zh_context_logprob("**地址**：") == pytest.approx(model.zh_context_logprob("地址："))


def test_a_dollar_sign_is_no_line_end():
    # the pair tables write a line's edges as `^` and `$`: the characters
    # themselves (LaTeX's `$N$`, `x^2`) have no statistics there
    assert model.zh_context_logprob("量：\n") != model.zh_context_logprob("量：")
    assert model.zh_context_logprob("量：$") == model.zh_context_logprob("量：")
    assert model.zh_context_logprob("^模型") == model.zh_context_logprob("模型")


def test_a_lone_character_is_a_conjunction_or_a_preposition():
    # between Latin words, digits or marks a Han character stands alone: in
    # technical text `或` and `从`, where chat's word counts say `我`, `他`
    for right, wrong in (("或", "我"), ("从", "他")):
        assert model.zh_logprob(right) > model.zh_logprob(wrong)
        splice = lm.Splice(model, "git merge ", " git rebase")
        for c in (right, wrong):
            assert splice(c) == pytest.approx(model.text_logprob(f"git merge {c} git rebase"), abs=1e-9)
    # inside a run of Han text the word counts decide as before
    assert model.zh_logprob("我们") == pytest.approx(model.frequencies("zh")["我们"] + lm.WORD_COST)


def test_a_glossary_is_known_to_its_model_only():
    # two models, two glossaries: each keeps its own memos, nothing leaks
    plain, project = lm.WordModel(), lm.WordModel(["访存"])
    assert project.zh_logprob("访存") > plain.zh_logprob("访存") + 5
    assert plain.zh_logprob("访存") == lm.builtin().zh_logprob("访存")
    assert project.is_glossary_term("访存") and not plain.is_glossary_term("访存")
