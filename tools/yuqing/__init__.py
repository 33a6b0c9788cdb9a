"""yuqing: the bureau's public-opinion response plan run as Git records, checks and a site."""

__version__ = "0.1.0"
