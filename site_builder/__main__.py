import sys
from collections.abc import Sequence


def run(argv: Sequence[str] | None = None) -> int:
    """The `site-builder` command, with Ctrl-C while its modules load said as it is said later."""
    try:
        from site_builder.cli import main
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return main(argv)


if __name__ == "__main__":
    sys.exit(run())
