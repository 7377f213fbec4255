"""Every entry of the five bundled files parsed; counts checked by hand."""

import collections

import pytest

from transnorm import fix_text
from transnorm.parsers import parse
from transnorm.parsers.item import parse_item


@pytest.fixture(scope="module")
def parsed(seeds):
    return {name: parse(fix_text(text), name) for name, text in seeds.items()}


# Totals and one section per file, counted by hand (grep/awk between headings;
# for the blog, the `]- ` joins of its run-together line 165). Besides the
# list items and rows: the survey's own link in the English list's opening
# quote, four papers that paper-reading's prose names by their links, and
# two rows of awesome-llm-paper that open without closing the row before.
def test_entry_counts(parsed):
    counts = {name: len(es) for name, es in parsed.items()}
    assert counts == {
        "efficient-llms-survey.en.md": 423,
        "efficient-llms-survey.pt.md": 415,
        "efficient-llms-survey.zh-blog.md": 48,
        "paper-reading.zh.md": 30,
        "awesome-llm-paper.en.md": 26,
    }
    mentions = [e.title for e in parsed["paper-reading.zh.md"] if e.mention]
    assert mentions == ["Adapter tuning", "Prefix Tuning", "LoRA", "现有综述"]
    by_section = lambda name: collections.Counter(e.section[-1] for e in parsed[name])  # noqa: E731
    assert by_section("efficient-llms-survey.en.md")["Weight-Only Quantization"] == 13
    assert by_section("efficient-llms-survey.pt.md")["Quantização somente de peso"] == 13
    assert by_section("paper-reading.zh.md")["话题:多模态幻觉"] == 7
    assert by_section("awesome-llm-paper.en.md")["LLM"] == 11  # with Mixtral of Experts
    assert sum(1 for e in parsed["efficient-llms-survey.zh-blog.md"] if e.line == 165) == 8


def test_unclosed_html_rows(parsed):
    """`<tr>` opening before the last row closed, a blank line inside the
    table: the rows are read as a browser reads them, each description
    under its own paper."""
    aw = {e.arxiv: e for e in parsed["awesome-llm-paper.en.md"]}
    assert aw["2110.07602"].title.startswith("P-Tuning v2") and aw["2110.07602"].descriptions[0].startswith("The author introduces P-tuning v2")
    assert aw["2101.00190"].descriptions[0].startswith("This paper introduces prefix-tuning")
    assert aw["2401.04088"].title == "Mixtral of Experts" and aw["2401.04088"].descriptions[0].startswith("Mixtral is a model")


def test_canonical_entry_fields(parsed):
    survey = parsed["efficient-llms-survey.en.md"][0]  # the survey's own link, in its opening quote
    assert (survey.line, survey.title, survey.arxiv, survey.section) == (3, "Efficient Large Language Models: A Survey", "2312.03863", ("Efficient Large Language Models: A Survey",))
    e = parsed["efficient-llms-survey.en.md"][1]
    assert (e.line, e.title, e.venue, e.year, e.arxiv) == (
        120,
        "I-LLM: Efficient Integer-Only Inference for Fully-Quantized Low-Bit Large Language Models",
        "arXiv",
        "2024",
        "2405.17849",
    )
    assert e.section == ("Efficient Large Language Models: A Survey", "Model-Centric Methods", "Model Compression", "Quantization", "Post-Training Quantization", "Weight-Only Quantization")


def test_portuguese_copy_without_markup(parsed):
    es = parsed["efficient-llms-survey.pt.md"]
    gptq = next(e for e in es if e.title.startswith("GPTQ"))
    assert (gptq.venue, gptq.year, gptq.links, gptq.extra["markers"]) == ("ICLR", "2023", {}, "paper code")
    assert gptq.section[-1] == "Quantização somente de peso"


def test_run_together_blog_entries(parsed):
    line = [e for e in parsed["efficient-llms-survey.zh-blog.md"] if e.line == 165]
    assert [e.title.split(":")[0] for e in line] == ["GPTQ", "QuIP", "AWQ", "OWQ", "SpQR", "FineQuant", "LLM.int8()", "Optimal Brain Compression"]
    assert line[1].venue == "arXiv" and line[1].year == "2023"


def test_tables(parsed):
    pr = parsed["paper-reading.zh.md"][0]
    assert pr.title == "Hallucination of Multimodal Large Language Models: A Survey"
    assert pr.arxiv == "2404.18930" and pr.extra["type"] == "综述" and pr.year == "2024"
    aw = next(e for e in parsed["awesome-llm-paper.en.md"] if e.arxiv == "2309.07597")
    assert aw.title == "C-Pack: Packaged Resources To Advance General Chinese Embedding"
    assert (aw.venue, aw.year, aw.extra["org"]) == ("Arxiv", "2023", "BAAI")
    assert len(aw.descriptions) == 2 and aw.descriptions[1].startswith("BAAI 联合Huggingface")


@pytest.mark.parametrize(
    "text, want",
    [
        ("Lory: Fully Differentiable MoE, 2024</ins> [[Paper](https://arxiv.org/abs/2405.03133)]", ("Lory: Fully Differentiable MoE", None, "2024")),
        ("DDK: Distilling Domain Knowledge <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2407.16154)]", ("DDK: Distilling Domain Knowledge", "arXiv", "2024")),
        ("P-Tuning v2: Prompt Tuning，<ins>ACL-Short, 2022</ins> [[Paper](https://aclanthology.org/2022.acl-short.8/)]", ("P-Tuning v2: Prompt Tuning", "ACL-Short", "2022")),
        ("Tesseract: Parallelize the Tensor Parallelism Efficiently, ICPP, 2022 , [Papel]", ("Tesseract: Parallelize the Tensor Parallelism Efficiently", "ICPP", "2022")),
        ("KV-Runahead: Scalable Causal LLM Inference, arXiv, ICML [Papel]", ("KV-Runahead: Scalable Causal LLM Inference", "arXiv, ICML", None)),
        ("Show, Don’t Tell: Aligning Models, arXiv, 2024 [] []", ("Show, Don’t Tell: Aligning Models", "arXiv", "2024")),
        # a decimal comma is not a separator (found by check's TN108)
        ("Jetmoe: atingindo o LLAMA2 com 0,1 milhão de dólares, 2024 [papel]", ("Jetmoe: atingindo o LLAMA2 com 0,1 milhão de dólares", None, "2024")),
        # a link pasted as a link's target, and [[Paper]](url)
        ("SEED: Accelerating Trees, <ins>arXiv, 2024</ins> [[Paper]([https://a.org/x](https://arxiv.org/pdf/2406.18200))]", ("SEED: Accelerating Trees", "arXiv", "2024")),
        ("Memformer: A Memory-Augmented Transformer, <ins>AACL-Findings, 2020</ins> [[Paper]](https://arxiv.org/abs/2010.06891)", ("Memformer: A Memory-Augmented Transformer", "AACL-Findings", "2020")),
    ],
)
def test_entry_variants(text, want):
    got = parse_item(text)
    assert (got["title"], got["venue"], got["year"]) == want


def test_link_forms_keep_their_target():
    assert parse_item("SEED: X, <ins>arXiv, 2024</ins> [[Paper]([https://a.org/x](https://arxiv.org/pdf/2406.18200))]")["links"] == {
        "paper": "https://arxiv.org/pdf/2406.18200"
    }
    assert parse_item("QA-LoRA: X, <ins>arXiv, 2023</ins> [[Paper](https://arxiv.org/abs/2309.14717 )]")["links"] == {
        "paper": "https://arxiv.org/abs/2309.14717"
    }


def test_table_of_contents_is_not_an_entry():
    assert parse_item("[Model Compression](#Model-Compression)") is None
