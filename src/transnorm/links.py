"""What a link in a paper list points at: its role and the paper it names.

A list links one paper in many ways (`arxiv.org/abs/…`, `/pdf/…v2`,
`openreview.net/forum?id=…` or `/pdf?id=…`, a DOI, an ACL Anthology page or its
PDF).  :func:`identifier` reduces every form of one paper to one key, so that
a copy which links the PDF meets the canonical list that links the abstract.
:func:`role` tells a paper from its code, its project page or anything else.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

from . import arxiv

#: link texts that label a link instead of naming a paper (`[[arxiv]](…)`,
#: `[Paper]`, `[Código]`): the title is then elsewhere in the entry
LABELS = frozenset(
    """
    paper papers pdf arxiv abs abstract html link links code github gitlab project page homepage website
    site blog demo video slides poster openreview doi acl anthology proceedings huggingface hf model models
    dataset data repo repository official unofficial source download bib bibtex cite citation docs
    documentation tutorial talk here url web 论文 代码 项目 主页 链接 博客 数据集 模型 papel código codigo
    artigo projeto página
    """.split()
)

# (host pattern, path pattern giving the identifier, key prefix)
_VENUES: list[tuple[re.Pattern[str], re.Pattern[str], str]] = [
    (re.compile(r"(^|\.)aclanthology\.org$|^aclweb\.org$"), re.compile(r"^/(?:anthology/)?(?:[A-Z]/[A-Z]\d\d/)?([A-Z0-9][\w.-]*?\d)(?:\.pdf)?/?$", re.I), "acl"),
    (re.compile(r"^proceedings\.mlr\.press$"), re.compile(r"^/(v\d+/[\w-]+?)(?:/[\w-]+)?(?:\.html|\.pdf)?$"), "pmlr"),
    (re.compile(r"^(papers\.nips\.cc|proceedings\.neurips\.cc|papers\.neurips\.cc)$"), re.compile(r"/hash/([0-9a-f]{32})"), "neurips"),
    (re.compile(r"^openaccess\.thecvf\.com$"), re.compile(r"/([^/]+?)_paper\.(?:html|pdf)$"), "cvf"),
    (re.compile(r"^ieeexplore\.ieee\.org$"), re.compile(r"/(?:abstract/)?document/(\d+)"), "ieee"),
    (re.compile(r"^dl\.acm\.org$"), re.compile(r"/doi/(?:abs/|pdf/|full/|fullHtml/)?(10\.\d{4,}/[^?#]+)"), "doi"),
    (re.compile(r"^ojs\.aaai\.org$"), re.compile(r"/article/view/(\d+)"), "aaai"),
    (re.compile(r"^(www\.)?ijcai\.org$"), re.compile(r"/proceedings/(\d{4}/\d+)"), "ijcai"),
    (re.compile(r"^huggingface\.co$"), re.compile(r"^/papers/(\d{4}\.\d{4,5})"), "arxiv"),
    (re.compile(r"^(www\.)?semanticscholar\.org$"), re.compile(r"/paper/(?:[^/]+/)?([0-9a-f]{40})"), "s2"),
    (re.compile(r"^link\.springer\.com$"), re.compile(r"/(?:article|chapter)/(10\.\d{4,}/[^?#]+)"), "doi"),
    (re.compile(r"^(www\.)?nature\.com$"), re.compile(r"^/articles/([\w.-]+)"), "nature"),
    (re.compile(r"^(www\.)?science\.org$"), re.compile(r"/doi/(?:abs/|full/|pdf/)?(10\.\d{4,}/[^?#]+)"), "doi"),
]
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)(10\.\d{4,}/\S+)$", re.I)
_CODE_HOSTS = re.compile(r"^(github\.com|gitlab\.com|gitee\.com|bitbucket\.org|codeberg\.org)$")
_PROJECT_HOSTS = re.compile(r"\.github\.io$|\.gitlab\.io$|^sites\.google\.com$")


def _host(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().split("@")[-1].split(":")[0]
    return (host[4:] if host.startswith("www.") and not host.startswith("www.ijcai") else host), parts.path, parts.query


@lru_cache(maxsize=1 << 16)
def identifier(url: str) -> str | None:
    """One key per paper, whatever form of link names it (`arxiv:2305.18403`,
    `doi:10.1145/…`, `openreview:ID`, `acl:2021.acl-long.353`…), or None for a
    link that names no paper."""
    ident = arxiv.normalize(url)
    if ident:
        return "arxiv:" + ident
    m = _DOI.match(url.strip())
    if m:
        return "doi:" + unquote(m.group(1)).rstrip("/.").lower()
    if not url.lower().startswith(("http://", "https://")):
        return None
    host, path, query = _host(url)
    if host == "openreview.net":
        ids = parse_qs(query).get("id")
        if ids and ids[0].strip("&"):
            return "openreview:" + ids[0].strip("&")
        return None
    for host_re, path_re, prefix in _VENUES:
        if host_re.search(host):
            pm = path_re.search(path)
            if pm:
                value = unquote(pm.group(1)).rstrip("/")
                return f"{prefix}:{value.lower() if prefix == 'doi' else value}"
            return None
    return None


_REPO_FILE = re.compile(r"^/[^/]+/[^/]+/(?:blob|tree|raw|issues|pulls?|wiki|discussions|releases|actions)(?:/|$)")


def repository_file(url: str) -> bool:
    """A file, issue or page inside a code repository (`github.com/o/r/blob/…`):
    a project's own documentation, not an entry of a list."""
    if not url.lower().startswith(("http://", "https://")):
        return False
    host, path, _q = _host(url)
    return bool(_CODE_HOSTS.search(host) and _REPO_FILE.match(path))


def role(url: str, text: str = "") -> str:
    """`paper`, `code`, `project` or `other`: what an entry's link is for."""
    if identifier(url):
        return "paper"
    if not url.lower().startswith(("http://", "https://")):
        return "other"
    host, path, _q = _host(url)
    label = text.strip("[]() ").lower()
    if repository_file(url):
        return "other"
    if _CODE_HOSTS.search(host):
        return "code"
    if _PROJECT_HOSTS.search(host) or label in ("project", "project page", "homepage", "website", "项目", "主页"):
        return "project"
    if path.lower().endswith(".pdf") or label in ("paper", "pdf", "论文", "papel", "artigo"):
        return "paper"
    return "other"


def is_label(text: str) -> bool:
    """Whether a link's text labels the link (`[[arxiv]]`, `[Code]`) rather
    than naming what it links."""
    if re.fullmatch(r"\s*[(（\[【].*[)）\]】]\s*", text):
        return True  # a parenthetical reference: `[(survey)](…)`
    t = re.sub(r"[\[\]()（）【】{}<>*_`:：|🔗📄📝💻🌐]", " ", text).strip().lower()
    if not t:
        return True
    words = t.split()
    return len(words) <= 2 and all(w in LABELS for w in words)


def url_key(url: str) -> str:
    """A URL without scheme, `www.`, trailing slash or `.pdf`: the key of a
    link that names no paper by an identifier."""
    u = re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/")
    return re.sub(r"\.pdf$", "", u)
