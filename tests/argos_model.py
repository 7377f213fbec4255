"""Build a tiny, real argostranslate package for the tests.

A CTranslate2 Transformer (1 layer, d_model 16) with small random weights,
built through ``ctranslate2.specs``; a sentencepiece model trained on a few
sentences; both zipped with ``metadata.json`` as an ``.argosmodel``, the
format ``argostranslate.package.install_from_path`` installs.  Its output is
gibberish, but it goes through every step a real package does: tokenize,
batch-translate with CTranslate2, detokenize.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

SENTENCES = [
    "Efficient quantization for large language models",
    "Accurate post-training quantization of generative transformers",
    "Low-rank adaptation of large language models",
    "Speculative decoding with a small draft model",
    "Quantização eficiente para grandes modelos de linguagem",
    "Adaptação de baixo rank de grandes modelos de linguagem",
    "Decodificação especulativa com um pequeno modelo de rascunho",
    "Atenção esparsa e eficiente para sequências longas",
] * 4


def _fill(spec, vocab_size: int, d: int = 16, ffn: int = 32, positions: int = 256, seed: int = 0) -> None:
    """Give every weight the spec declares a small random value of the
    shape its name implies."""
    rng = np.random.default_rng(seed)

    def shape(name: str) -> tuple[int, ...]:
        parts = name.split("/")
        leaf = parts[-1]
        if "embeddings" in name and leaf == "weight":
            return (vocab_size, d)
        if leaf == "encodings":
            return (positions, d)
        if leaf in ("gamma", "beta"):
            return (d,)
        if "projection" in name:
            return (vocab_size, d) if leaf == "weight" else (vocab_size,)
        lin = next((p for p in parts if p.startswith("linear_")), None)
        if "ffn" in parts:
            rows, cols = (ffn, d) if lin == "linear_0" else (d, ffn)
        elif "self_attention" in parts:
            rows, cols = (3 * d, d) if lin == "linear_0" else (d, d)
        elif "attention" in parts:
            rows, cols = {"linear_0": (d, d), "linear_1": (2 * d, d), "linear_2": (d, d)}[lin]
        else:
            raise ValueError(f"no shape rule for {name}")
        return (rows, cols) if leaf == "weight" else (rows,)

    def visit(s, name, value):
        if value is None:
            leaf = name.split("/")[-1]
            arr = rng.normal(0, 0.2, shape(name)).astype(np.float32)
            if leaf == "gamma":
                arr = np.ones(shape(name), np.float32)
            setattr(s, leaf, arr)

    spec._visit(visit)


def build_package(out_dir: Path, from_code: str = "en", to_code: str = "pt") -> Path:
    """Write `translate-{from}_{to}.argosmodel` into `out_dir`; return its path."""
    import ctranslate2
    import sentencepiece as spm

    work = out_dir / f"translate-{from_code}_{to_code}-tiny"
    (work / "model").mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(SENTENCES),
        model_prefix=str(work / "sentencepiece"),
        vocab_size=64,
        character_coverage=1.0,
        model_type="unigram",
        minloglevel=2,
        bos_id=-1,
        eos_id=-1,
    )
    sp = spm.SentencePieceProcessor(model_file=str(work / "sentencepiece.model"))
    vocab = ["<blank>", "<s>", "</s>"] + [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    vocab = list(dict.fromkeys(vocab))
    spec = ctranslate2.specs.TransformerSpec.from_config(1, 2)
    _fill(spec.encoder, len(vocab))
    _fill(spec.decoder, len(vocab))
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=None)
    spec.save(str(work / "model"))
    metadata = {
        "package_version": "0.1",
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": {"en": "English", "pt": "Portuguese", "zh": "Chinese"}[from_code],
        "to_code": to_code,
        "to_name": {"en": "English", "pt": "Portuguese", "zh": "Chinese"}[to_code],
        "type": "translate",
        "package_name": f"tiny {from_code}->{to_code} (test)",
    }
    (work / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    path = out_dir / f"translate-{from_code}_{to_code}.argosmodel"
    with zipfile.ZipFile(path, "w") as zf:
        for f in sorted(work.rglob("*")):
            if f.is_file():
                zf.write(f, Path(work.name) / f.relative_to(work))
    return path
