"""allegiance: a sourced, time-aware knowledge base of armed groups built from open reports."""

__version__ = "0.1.0"
