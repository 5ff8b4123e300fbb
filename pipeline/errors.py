"""Domain errors. Every error the library raises on purpose derives from :class:`PipelineError`.

The CLI turns any ``PipelineError`` into a one-line ``Error: ...`` message and a non-zero exit code;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path


class PipelineError(Exception):
    """Base class of all errors raised by policy-pipeline on purpose."""


class IngestError(PipelineError):
    """A file could not be read as a policy document (empty, binary, undecodable, unsupported...)."""

    def __init__(self, path: str | Path | None, reason: str) -> None:
        self.path = str(path) if path is not None else None
        self.reason = reason
        where = f"{self.path}: " if self.path else ""
        super().__init__(f"{where}{reason}")


class ParameterError(PipelineError, ValueError):
    """A value a library call cannot use, named by its parameter (``workers``, ``doc_timeout``).

    The message is a template in which ``{name}`` stands for each parameter it names: ``str()`` writes the
    parameter names, as a library caller passed them; :meth:`render` writes other labels, which is how
    the CLI names its flags (``--workers``) without the library knowing them.
    """

    def __init__(self, template: str, *parameters: str) -> None:
        self.template = template
        self.parameters = parameters
        super().__init__(self.render({}))

    def render(self, labels: Mapping[str, str]) -> str:
        """The message with each parameter written as ``labels[name]`` (default: its name)."""
        message = self.template
        for name in self.parameters:
            message = message.replace("{" + name + "}", labels.get(name, name))
        return message


class OptionError(ParameterError):
    """A parameter has a value outside the accepted set."""

    def __init__(self, name: str, value: object, valid: Iterable[object]) -> None:
        self.name = name
        self.value = value
        self.valid = tuple(valid)
        choices = ", ".join(repr(v) for v in self.valid)
        super().__init__(f"invalid {{{name}}} {value!r}; expected one of: {choices}", name)


class ResourceError(PipelineError):
    """A lexicon or pattern file under ``pipeline/resources`` (or a user override) is malformed."""


class GoldFormatError(PipelineError):
    """A gold annotation file does not follow the documented format."""
