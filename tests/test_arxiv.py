"""arXiv identifier normal form, on every form the bundled files use."""

import re

import pytest

from transnorm import arxiv


@pytest.mark.parametrize(
    "ref, ident",
    [
        ("https://arxiv.org/abs/2305.18403", "2305.18403"),
        ("https://arxiv.org/pdf/2305.18403", "2305.18403"),
        ("https://arxiv.org/pdf/2305.18403.pdf", "2305.18403"),
        ("https://arxiv.org/pdf/2305.18403v2.pdf", "2305.18403"),
        ("https://arxiv.org/abs/2305.18403v3", "2305.18403"),
        ("https://arxiv.org/abs/2305.18403v", "2305.18403"),
        ("https://arxiv.org/html/2402.05859v1", "2402.05859"),
        ("https://www.arxiv.org/abs/2305.18403", "2305.18403"),
        ("http://arxiv.org/abs/2312.03863", "2312.03863"),
        ("arxiv.org/abs/2001.08361", "2001.08361"),
        ("10.48550/arXiv.2305.18403", "2305.18403"),
        ("https://doi.org/10.48550/arXiv.2305.18403", "2305.18403"),
        ("arXiv:2312.03863", "2312.03863"),
        ("https://arxiv.org/abs/cs/0501001", "cs/0501001"),
        ("https://arxiv.org/abs/math.GT/0309136v1", "math.GT/0309136"),
        ("https://arxiv.org/abs/1412.6980", "1412.6980"),
        ("2305.18403", "2305.18403"),
    ],
)
def test_normalize(ref, ident):
    assert arxiv.normalize(ref) == ident


@pytest.mark.parametrize(
    "ref",
    ["https://arxiv.org/abs/2313.00001", "https://arxiv.org/abs/1501.0001", "https://openreview.net/forum?id=x", "NeurIPS, 2023", ""],
)
def test_not_an_identifier(ref):
    assert arxiv.normalize(ref) is None


def test_malformed_links():
    assert arxiv.is_malformed("https://arxiv.org/abs/2313.00001")
    assert not arxiv.is_malformed("https://arxiv.org/abs/2305.18403")
    assert not arxiv.is_malformed("https://github.com/x/y")


def test_every_arxiv_link_of_the_bundled_files_normalises(seeds):
    links = []
    for text in seeds.values():
        links += re.findall(r"(?:https?://)?(?:www\.)?arxiv\.org/(?:abs|pdf|html)/[^\s)\]>\"']+", text)
    assert len(links) > 380
    bad = [u for u in links if arxiv.normalize(u) is None]
    assert bad == []
    doi = [m for t in seeds.values() for m in re.findall(r"10\.48550/arXiv\.[\d.]+", t)]
    assert doi and all(arxiv.normalize(d) for d in doi)


def test_find_all_in_order_without_repeats():
    text = "[[paper]](https://arxiv.org/abs/2404.18930)[[pdf]](https://arxiv.org/pdf/2404.18930v2.pdf) arXiv:2312.03863"
    assert arxiv.find_all(text) == ["2404.18930", "2312.03863"]
