"""The document model on the shapes real lists come in (fixtures written for
the tests, in the shapes of awesome lists, project READMEs and doc pages)."""

import textwrap

import pytest

from transnorm.links import identifier, role
from transnorm.parsers import parse_document
from transnorm.records import build_records


def parse(text: str, name: str = "list.md"):
    return parse_document(textwrap.dedent(text).lstrip("\n"), name)


def fields(e):
    return (e.title, e.arxiv, e.venue, e.year, e.section, e.descriptions)


def test_nested_bullets_with_descriptions():
    p = parse(
        """
        # Awesome Reasoning
        ## 1. Models
        - [OpenAI-o1](https://openai.com/o1/): The earliest reasoning model.
        - [Coconut](https://arxiv.org/abs/2412.06769): reasoning in a latent space.
          - [Heima](https://arxiv.org/abs/2501.19201v2): compresses the chain into one token.
          - keeps several paths open
        - [OpenThoughts](https://arxiv.org/abs/2506.04178) / [NaturalThoughts](https://arxiv.org/pdf/2507.01921.pdf): data for long chains.
        """
    )
    got = [fields(e) for e in p.entries]
    assert got == [
        ("OpenAI-o1", None, None, None, ("Awesome Reasoning", "Models"), ["The earliest reasoning model."]),
        ("Coconut", "2412.06769", None, None, ("Awesome Reasoning", "Models"), ["reasoning in a latent space.", "keeps several paths open"]),
        ("Heima", "2501.19201", None, None, ("Awesome Reasoning", "Models"), ["compresses the chain into one token."]),
        ("OpenThoughts", "2506.04178", None, None, ("Awesome Reasoning", "Models"), ["data for long chains."]),
        ("NaturalThoughts", "2507.01921", None, None, ("Awesome Reasoning", "Models"), ["data for long chains."]),
    ]
    assert [e.line for e in p.entries] == [3, 4, 5, 7, 7]


def test_title_link_with_a_date_and_a_year_in_front():
    p = parse(
        """
        ### ICLR
        - [Efficient Memory Management for Serving](https://arxiv.org/abs/2309.06180) (June 2024)
        - [2021 Sampled MuZero: Learning and Planning](https://openreview.net/forum?id=mAfF5sGXMK) 
        """
    )
    a, b = p.entries
    assert (a.title, a.year, a.extra.get("date")) == ("Efficient Memory Management for Serving", "2024", "June 2024")
    assert (b.title, b.year, b.identifiers) == ("Sampled MuZero: Learning and Planning", "2021", ("openreview:mAfF5sGXMK",))


def test_numbered_citations_inside_details():
    p = parse(
        """
        ## Projects using it

        <details><summary>Click to show</summary>

        1. Wang et al. ESRL: Efficient Sampling-based Reinforcement Learning. 2023. [[arxiv]](https://arxiv.org/abs/2308.02223)
        1. Yu et al. Open, Closed, or Small Language Models for Text Classification? 2023. [[arxiv]](https://arxiv.org/abs/2308.10092)
        1. Hongbin Na. CBT-LLM: A Chinese Large Language Model. COLING 2024. [[arxiv]](https://arxiv.org/abs/2403.16008)
        1. **[StarWhisper](https://github.com/Yu-Yang-Li/StarWhisper)**: a model for astronomy.

        </details>
        """
    )
    got = [(e.title, e.venue, e.year, e.arxiv, e.section) for e in p.entries]
    assert got[:3] == [
        ("ESRL: Efficient Sampling-based Reinforcement Learning", None, "2023", "2308.02223", ("Projects using it", "Click to show")),
        ("Open, Closed, or Small Language Models for Text Classification?", None, "2023", "2308.10092", ("Projects using it", "Click to show")),
        ("CBT-LLM: A Chinese Large Language Model", "COLING", "2024", "2403.16008", ("Projects using it", "Click to show")),
    ]
    assert got[3][0] == "StarWhisper" and p.entries[3].descriptions == ["a model for astronomy."]


def test_markdown_table_with_a_chinese_header():
    p = parse(
        """
        ## 基线方法

        | 方法 | 类型 | NQ (EM) | 备注 |
        |---|---|---|---|
        | 朴素生成 | 顺序 | 22.6 | |
        | [REPLUG](https://arxiv.org/abs/2301.12652) | 分支 | 28.9 | |
        | [Iter-Retgen](https://arxiv.org/abs/2305.15294), [ITRG](https://arxiv.org/abs/2310.05149) | 循环 | 36.8 | |
        """
    )
    got = [(e.title, e.arxiv, e.extra.get("type"), e.section) for e in p.entries]
    assert got == [
        ("朴素生成", None, "顺序", ("基线方法",)),
        ("REPLUG", "2301.12652", "分支", ("基线方法",)),
        ("Iter-Retgen", "2305.15294", "循环", ("基线方法",)),
        ("ITRG", "2310.05149", "循环", ("基线方法",)),
    ]
    assert [e.line for e in p.entries] == [5, 6, 7, 7]


def test_html_table_rows_and_component_cells():
    p = parse(
        """
        <h2>Papers</h2>
        <table>
          <tr><th>Paper</th><th>Source</th><th>Link</th></tr>
          <tr><td><a href="https://arxiv.org/abs/2309.07597">C-Pack: Packaged Resources</a></td><td>Arxiv2023'BAAI</td>
              <td><a href="https://github.com/FlagOpen/FlagEmbedding">Code</a></td></tr>
          <tr><th>Descriptions</th><td>A Chinese embedding benchmark.</td></tr>
        </table>

        <table>
          <tr><td>Refiner</td><td>Uses <a href="https://arxiv.org/abs/2310.06201">Selective-Context</a> to compress</td></tr>
        </table>
        """
    )
    cpack, mention = p.entries
    assert (cpack.title, cpack.arxiv, cpack.venue, cpack.year, cpack.section) == ("C-Pack: Packaged Resources", "2309.07597", "Arxiv", "2023", ("Papers",))
    assert cpack.links["link"] == "https://github.com/FlagOpen/FlagEmbedding" and cpack.descriptions == ["A Chinese embedding benchmark."]
    assert (mention.title, mention.arxiv, mention.mention) == ("Selective-Context", "2310.06201", True)


def test_paragraph_per_paper_mdx_front_matter_and_html_headings():
    p = parse(
        """
        ---
        title: Papers
        sidebar_position: 2
        ---

        <h2>2025</h2>

        [Search-R1: Training LLMs to Reason and Search](https://arxiv.org/abs/2503.09516), ArXiv, 2025-03-12

        **Surveys**

        [A Survey on RAG](https://arxiv.org/abs/2312.10997), ArXiv, 2023-12-18
        """,
        "papers.mdx",
    )
    got = [(e.title, e.venue, e.year, e.extra.get("date"), e.section, e.line) for e in p.entries]
    assert got == [
        ("Search-R1: Training LLMs to Reason and Search", "ArXiv", "2025", "2025-03-12", ("2025",), 8),
        ("A Survey on RAG", "ArXiv", "2023", "2023-12-18", ("2025", "Surveys"), 12),
    ]
    assert [h.text for h in p.headings] == ["2025", "Surveys"]  # front matter is no heading


def test_link_text_wrapped_over_two_lines():
    p = parse(
        """
        - [Attention Is All You
          Need](https://arxiv.org/abs/1706.03762), NeurIPS 2017
        """
    )
    (e,) = p.entries
    assert (e.title, e.arxiv, e.venue, e.year) == ("Attention Is All You Need", "1706.03762", "NeurIPS", "2017")


def test_code_blocks_and_comments_hold_no_entries():
    p = parse(
        """
        # Usage
        ```markdown
        - [Not an entry](https://arxiv.org/abs/2401.00001)
        ```
        <!--
        - [Nor this](https://arxiv.org/abs/2401.00002)
        -->
            - [Indented code](https://arxiv.org/abs/2401.00003)

        - [A real one](https://arxiv.org/abs/2401.00004)
        """
    )
    assert [e.arxiv for e in p.entries] == ["2401.00004"]


def test_table_of_contents_and_project_docs_are_no_entries():
    p = parse(
        """
        - [Models](#models)
        - [Customize Environments](https://github.com/org/repo/blob/main/docs/envs.md)
        - [Gemini](https://github.com/google-gemini): reasoning models by Google.
        """
    )
    assert [e.title for e in p.entries] == ["Gemini"]


def test_news_mentions_and_badges_never_outrank_entries():
    p = parse(
        """
        <a href="https://arxiv.org/abs/2405.13576"><img src="https://img.shields.io/badge/arXiv-b5212f.svg"></a>

        [25/01/11] We added a new method [<u>RQRAG</u>](https://arxiv.org/abs/2404.00610), see [docs](docs/x.md).

        | Method | Type |
        |---|---|
        | [RQRAG: Learning to Refine Queries](https://arxiv.org/abs/2404.00610) | Loop |
        """
    )
    assert [(e.title, e.mention) for e in p.entries] == [
        ("arXiv:2405.13576", True),
        ("RQRAG", True),
        ("RQRAG: Learning to Refine Queries", False),
    ]
    recs = {r.key: r for r in build_records(p.entries)}
    assert recs["2404.00610"].title == "RQRAG: Learning to Refine Queries"
    assert recs["2404.00610"].sources == ["list.md:3", "list.md:7"]
    assert recs["2405.13576"].title == "arXiv:2405.13576"


@pytest.mark.parametrize(
    "a, b",
    [
        ("https://openreview.net/forum?id=X6D9bAHhBQ1", "https://openreview.net/pdf?id=X6D9bAHhBQ1"),
        ("https://aclanthology.org/2024.findings-acl.830/", "https://aclanthology.org/2024.findings-acl.830.pdf"),
        ("https://doi.org/10.1145/3580305.3599572", "https://dl.acm.org/doi/abs/10.1145/3580305.3599572"),
        ("https://arxiv.org/pdf/2310.04408v2.pdf", "https://huggingface.co/papers/2310.04408"),
        ("https://proceedings.mlr.press/v202/li23a.html", "https://proceedings.mlr.press/v202/li23a/li23a.pdf"),
    ],
)
def test_one_identifier_for_every_form_of_a_link(a, b):
    assert identifier(a) is not None and identifier(a) == identifier(b)


def test_link_roles():
    assert role("https://arxiv.org/abs/2401.00001") == "paper"
    assert role("https://github.com/org/repo") == "code"
    assert role("https://github.com/org/repo/blob/main/README.md") == "other"
    assert role("https://org.github.io/project/") == "project"
