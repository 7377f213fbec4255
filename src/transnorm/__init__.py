"""transnorm: keep multilingual paper lists healthy.

The library API is what the CLI calls; other programs and the tests call it
directly.
"""

from .repair import Repair, fix_and_explain, fix_text, is_mojibake

__all__ = ["Repair", "fix_and_explain", "fix_text", "is_mojibake", "__version__"]
__version__ = "0.1.0"
