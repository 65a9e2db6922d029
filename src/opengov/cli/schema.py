"""``opengov schema``: the published JSON Schema of one line of an event file."""

from __future__ import annotations

__all__ = ["register"]

import argparse
import json

from opengov.cli.common import EXIT_OK, Subparsers, add_command, add_output, write_output
from opengov.cli.i18n import _


def _schema(args: argparse.Namespace) -> int:
    from opengov import json_schema

    write_output(args, json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def register(subparsers: Subparsers) -> None:
    """Add ``opengov schema [-o FILE]``."""
    parser = add_command(
        subparsers,
        "schema",
        help=_("print the JSON Schema of an event line"),
        description=_(
            "Print the JSON Schema (draft 2020-12) of one line of an event file, for integrators "
            "who write events in other languages. It is the schema opengov publishes with its documentation."
        ),
    )
    add_output(parser)
    parser.set_defaults(handler=_schema)
