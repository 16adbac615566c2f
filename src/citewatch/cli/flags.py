"""The flags of each command, generated from the settings table
(:data:`citewatch.settings.SETTINGS`): a setting declares its flag, help text and commands
once, and :func:`takes_settings` adds those flags to a command and hands it the merged
:class:`~citewatch.settings.Settings`.

Flag values reach the table's validator as typed (text, a list of texts, on/off), so a bad
value is refused by the same check as in a config file or the environment, naming the flag.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from citewatch.cli.common import fail, parse_headers
from citewatch.cli.output import stderr_console
from citewatch.errors import CitewatchError
from citewatch.settings import SETTINGS, Command, Setting, as_config, load_settings

_PANELS = {
    "": "Files",
    "policy": "Broken-link policy",
    "check": "Checking",
    "archive": "Archived copies",
}
_PREFIX = "setting_"
"""Parameter names of generated flags (kept apart from a command's own parameters)."""
_HEADER_COMMANDS = frozenset(
    c for c in Command if c in SETTINGS["user_agent"].commands
)
"""``--header`` goes with the other request settings (it fills two settings: ``headers``
and ``host_headers``, so it is parsed here rather than by one table entry)."""


def _option(setting: Setting) -> Any:
    """The ``Annotated`` type of one setting's flag; ``None`` (not given) by default."""
    panel = _PANELS[setting.section]
    if setting.switch:
        decls = setting.option if setting.off is None else f"{setting.option}/{setting.off}"
        return Annotated[
            bool | None,
            typer.Option(decls, help=setting.help, rich_help_panel=panel, show_default=False),
        ]
    kind: Any = list[str] | None if setting.repeatable else str | None
    return Annotated[
        kind,
        typer.Option(
            setting.option,
            help=setting.help,
            metavar=setting.metavar,
            rich_help_panel=panel,
            show_default=False,
        ),
    ]


def settings_for(command: Command) -> list[Setting]:
    """The settings ``command`` takes as flags, in table order."""
    return [s for s in SETTINGS.values() if command in s.commands]


def _parameters(command: Command) -> list[inspect.Parameter]:
    def keyword(name: str, annotation: Any, default: object = None) -> inspect.Parameter:
        return inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
        )

    params = [
        keyword(
            "config",
            Annotated[
                Path | None,
                typer.Option(
                    "--config", help="Read settings from this TOML file only.",
                    rich_help_panel=_PANELS[""],
                ),
            ],
        ),
        *(keyword(_PREFIX + s.name, _option(s)) for s in settings_for(command)),
    ]
    if command in _HEADER_COMMANDS:
        params.append(keyword("header", Annotated[
            list[str] | None,
            typer.Option(
                "--header",
                metavar="[ORIGIN=]NAME: VALUE",
                help="Extra header 'Name: value' for every host, or 'ORIGIN=Name: value' for one "
                "origin only (host, host:port, https://host:port or http://host:port; "
                "no scheme = https).",
                rich_help_panel=_PANELS["check"],
            ),
        ]))
    params.append(keyword("show_config", Annotated[
        bool,
        typer.Option(
            "--show-config",
            help="Print the merged settings and where they came from (JSON), then exit.",
            rich_help_panel=_PANELS[""],
        ),
    ], False))
    return params


def _given(value: object) -> object:
    """A flag's value for the settings layer: None when not given (an empty list too)."""
    if isinstance(value, list):
        return tuple(value) or None
    return value


def takes_settings(command: Command) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give ``command`` the flags of its settings; the decorated function gets the merged
    settings as its ``settings`` keyword (config file → environment → flags). A bad value
    from any layer ends the command with exit 2 naming it."""

    def decorate(fn: Callable[..., None]) -> Callable[..., None]:
        own = inspect.signature(fn, eval_str=True)
        kept = [p for p in own.parameters.values() if p.name != "settings"]
        added = _parameters(command)
        clash = {p.name for p in kept} & {p.name for p in added}
        if clash or "settings" not in own.parameters:
            raise TypeError(f"{fn.__name__}: cannot take settings flags ({sorted(clash)})")

        @functools.wraps(fn)
        def run(**kwargs: Any) -> None:
            config = kwargs.pop("config")
            headers = kwargs.pop("header", None)
            show = kwargs.pop("show_config")
            flags = {
                name[len(_PREFIX):]: _given(kwargs.pop(name))
                for name in list(kwargs)
                if name.startswith(_PREFIX)
            }
            console = stderr_console(bool(kwargs.get("quiet", False)))
            try:
                settings = load_settings(
                    config=config, overrides={**flags, **parse_headers(headers)}
                )
            except CitewatchError as exc:
                raise fail(console, exc) from None
            if show:
                typer.echo(json.dumps(as_config(settings), indent=2, ensure_ascii=False))
                return
            fn(**kwargs, settings=settings)

        run.__signature__ = own.replace(parameters=[*kept, *added])  # type: ignore[attr-defined]
        return run

    return decorate

