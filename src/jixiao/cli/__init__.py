"""The command line (``jixiao check | show | convert | rules``): Typer commands over the public API."""
