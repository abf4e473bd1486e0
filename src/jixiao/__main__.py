"""``python -m jixiao``: the same command as the ``jixiao`` console script."""

from jixiao.cli.main import run

if __name__ == "__main__":
    run()
