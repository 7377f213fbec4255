"""Machine translation through the real argostranslate path: a tiny model
package built by the tests (tests/argos_model.py), installed with
argostranslate.package.install_from_path into a temporary package directory.

These tests need the optional extra (`pip install 'transnorm[mt]'`); .ci/run
installs it, so they run in CI."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

pytest.importorskip("argostranslate", reason="the mt extra is not installed (pip install 'transnorm[mt]')")

from transnorm import catalogs  # noqa: E402
from transnorm.langid import detect  # noqa: E402
from transnorm.translate import MT_NOTE, segments  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PT = "locales/pt/LC_MESSAGES/papers.po"


@pytest.fixture(scope="module")
def argos_env(tmp_path_factory):
    """An ARGOS_PACKAGES_DIR with the tiny en->pt package installed."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import argos_model

    base = tmp_path_factory.mktemp("argos")
    package = argos_model.build_package(base, "en", "pt")
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(base / "packages"), HOME=str(base))
    subprocess.run(
        [sys.executable, "-c", f"import argostranslate.package as p; p.install_from_path({str(package)!r})"],
        env=env,
        check=True,
        capture_output=True,
    )
    assert any((base / "packages").iterdir())
    return env



def run(args, cwd, env):
    return subprocess.run([sys.executable, "-m", "transnorm", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_translate_fills_exactly_the_empty_entries(project, argos_env):
    before = polib.pofile(str(project / PT), wrapwidth=0)
    done = {(e.msgctxt, e.msgid): (e.msgstr, list(e.flags)) for e in before if e.msgstr}
    # the empty entries whose msgid reads as English (Chinese ones wait for their package)
    empty_en = [e for e in before if not e.msgstr and not e.obsolete and detect(e.msgid).lang in ("en", "und")]
    r = run(["translate", "--lang", "pt", "--batch-size", "16"], project, argos_env)
    assert r.returncode == 0, r.stderr
    assert f"{len(empty_en)} entries machine-translated" in r.stderr
    assert "zh entries left untranslated" in r.stderr and "argospm install translate-zh_pt" in r.stderr
    after = polib.pofile(str(project / PT), wrapwidth=0)
    filled = [e for e in after if MT_NOTE in (e.tcomment or "")]
    assert len(filled) == len(empty_en) > 100
    for e in filled:
        assert e.msgstr and "fuzzy" in e.flags
        assert "translate-en_pt" in e.tcomment
        # every protected piece of the msgid is in the msgstr, in order
        kept = [s.text for s in segments(e.msgid) if not s.translate]
        pos = 0
        for piece in kept:
            pos = e.msgstr.find(piece, pos)
            assert pos >= 0, (e.msgid, piece, e.msgstr)
            pos += len(piece)
    for e in after:  # human and imported translations untouched
        if (e.msgctxt, e.msgid) in done:
            assert (e.msgstr, list(e.flags)) == done[(e.msgctxt, e.msgid)]
    if shutil.which("msgfmt"):
        assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(project / PT)]).returncode == 0
    # fuzzy drafts are not published: the rendered documents do not change
    r = run(["sync", "--check"], project, argos_env)
    assert r.returncode == 0, r.stderr


MASKED = {
    "acronym before the colon": ("GPTQ: Accurate Quantization for Generative Transformers", ["GPTQ: "]),
    "model names": ("Efficient finetuning with LoRA and QLoRA adapters", ["LoRA", "QLoRA"]),
    "numbers": ("Scaling transformers to 1,000 layers and 2.5 times faster", ["1,000", "2.5"]),
    "inline code": ("Replacing `torch.matmul` with fused kernels", ["`torch.matmul`"]),
    "URLs": ("Code available at https://github.com/x/y for everyone", ["https://github.com/x/y"]),
    "markup": ("A **bold** claim about <ins>inserted</ins> text", ["**", "<ins>", "</ins>"]),
}


@pytest.mark.parametrize("kind", sorted(MASKED))
def test_each_kind_of_protected_token_survives(kind, tmp_path, argos_env):
    text, pieces = MASKED[kind]
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pt"}
    po.append(polib.POEntry(msgctxt="k|title", msgid=text, msgstr=""))
    po.append(polib.POEntry(msgctxt="h|title", msgid="Mixture of Experts for everyone", msgstr="Mistura de especialistas"))
    path = tmp_path / "x.po"
    path.write_text(catalogs.dumps(po), encoding="utf-8")
    code = (
        "import polib, sys; from transnorm.translate import translate_catalog; from transnorm import catalogs;"
        f"po = polib.pofile({str(path)!r}, wrapwidth=0); n = translate_catalog(po, 'pt');"
        f"open({str(path)!r}, 'w').write(catalogs.dumps(po)); print(n)"
    )
    r = subprocess.run([sys.executable, "-c", code], env=argos_env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1"
    out = polib.pofile(str(path), wrapwidth=0)
    got = next(e for e in out if e.msgctxt == "k|title")
    for piece in pieces:
        assert piece in got.msgstr, (piece, got.msgstr)
    assert "fuzzy" in got.flags
    assert next(e for e in out if e.msgctxt == "h|title").msgstr == "Mistura de especialistas"


def test_missing_language_package_leaves_catalogs_untouched(project, argos_env):
    zh = project / "locales/zh/LC_MESSAGES/papers.po"
    before = zh.read_bytes()
    r = run(["translate", "--lang", "zh"], project, argos_env)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "argospm install translate-en_zh" in r.stderr and "install_from_path" in r.stderr
    assert zh.read_bytes() == before


def test_missing_extra_names_the_install_command(project):
    pt = project / PT
    before = pt.read_bytes()
    code = "import sys; sys.modules['argostranslate'] = None; sys.argv = ['transnorm', 'translate', '--lang', 'pt']; from transnorm.cli import main; main()"
    r = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)
    assert r.returncode == 2
    assert "pip install 'transnorm[mt]'" in r.stderr and "torch==2.13.0" in r.stderr
    assert pt.read_bytes() == before


def test_sync_translate(project, argos_env):
    r = run(["sync", "--translate"], project, argos_env)
    assert r.returncode == 2 and "translate-en_zh" in r.stderr  # zh and en need packages too
    cfg = project / "transnorm.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('locales = ["zh", "en", "pt"]', 'locales = ["pt"]'), encoding="utf-8")
    r = run(["sync", "--translate"], project, argos_env)
    assert r.returncode == 0, r.stderr
    assert MT_NOTE in (project / PT).read_text(encoding="utf-8")
