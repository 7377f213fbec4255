"""The language-model tables are kept in the user's cache directory."""

from transnorm import lm


def test_tables_are_cached_and_rebuilt_when_corrupt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    build = lm.word_table.__wrapped__
    table = build("pt")
    cached = list((tmp_path / "transnorm").glob("wordfreq-*-pt.marshal"))
    assert len(cached) == 1 and table["parâmetro"] < 0
    assert build("pt") == table  # read back from the cache
    cached[0].write_bytes(b"\x00garbage")
    assert build("pt") == table  # a damaged cache is rebuilt...
    assert cached[0].stat().st_size > 1000  # ...and written again


def test_an_unusable_cache_directory_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # even root cannot mkdir under a file
    table = lm.word_table.__wrapped__("pt")
    assert table["parâmetro"] < 0 and blocker.read_text(encoding="utf-8") == "x"


def test_derived_tables_are_cached_too(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert lm._cached("probe", lambda: {"量": -8.5}) == {"量": -8.5}

    def fail():
        raise AssertionError("rebuilt although cached")

    assert lm._cached("probe", fail) == {"量": -8.5}
    # the suffix table is what the cache would hold
    assert lm._build_suffixes() == lm.suffixes()
