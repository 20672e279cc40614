"""`python -m jzai_cli`."""

from .cli import app

app(prog_name="jzai")
