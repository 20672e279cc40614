"""`python -m jzai_cli`."""

from .cli import run

run()
