"""transnorm: keep multilingual paper lists healthy.

The library API is what the CLI calls; other programs and the tests call it
directly.  The repair API is imported on first use, so a program that only
reads and writes catalogs does not load the repair engine's models.
"""

__all__ = ["Repair", "fix_and_explain", "fix_text", "is_mojibake", "__version__"]
__version__ = "0.1.0"

_REPAIR = ("Repair", "fix_and_explain", "fix_text", "is_mojibake")


def __getattr__(name: str):
    if name in _REPAIR:
        from . import repair

        return getattr(repair, name)
    raise AttributeError(f"module 'transnorm' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_REPAIR])
