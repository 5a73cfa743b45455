"""reporter: bilingual clean-air bulletins from Chinese city air-quality feeds."""

__version__ = "0.1.0"
