"""The command line: one module per command, each parsing its flags and calling the library."""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
