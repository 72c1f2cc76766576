"""The exceptions of callverify, in one place.

Every error the SDK raises is a :class:`CallVerifyError` with a stable snake_case ``code`` (one of
:data:`ERROR_CODES`), the wire ``field`` it concerns where there is one and the ``http_status``
where there is one. The five kinds map to five subclasses:

* :class:`ValidationError` (also a ``ValueError``): a callVerify request broke table-4 rules;
  ``errors`` lists every violation as ``(field, code, message)``.
* :class:`ApiError`: the platform answered with a result code other than ``"0"``; carries
  ``result_code``, ``description``, ``retry_after`` and the result-code table ``entry``.
* :class:`ParseError` (also a ``ValueError``): a response or push body could not be understood.
* :class:`PushAuthError`: a push failed signature verification.
* :class:`ConfigError` (also a ``ValueError``): bad credentials, base URL, nonce, time or option.

Wrong Python types raise ``TypeError`` as usual. No message ever contains the app secret.
"""

from __future__ import annotations

from ._native import error_codes

# typing.TYPE_CHECKING without importing typing (it costs milliseconds of import time).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._native import ResultCode, RetryAdvice

__all__ = [
    "ERROR_CODES",
    "ApiError",
    "CallVerifyError",
    "ConfigError",
    "ParseError",
    "PushAuthError",
    "ValidationError",
    "Violation",
]

#: Every error code, with its kind: the Rust core's list (``ErrorCode::ALL``), read from the native
#: module. A test fails when a kind in it has no class here, or a class's kind is not in it.
ERROR_CODES: dict[str, str] = error_codes()


class Violation(tuple):  # type: ignore[type-arg]
    """One broken rule of a callVerify request: ``(field, code, message)``.

    A tuple, so ``field, code, message = violation`` works; also readable by name.
    """

    __slots__ = ()

    def __new__(cls, field: str, code: str, message: str) -> Violation:
        return tuple.__new__(cls, (field, code, message))

    @property
    def field(self) -> str:
        """The wire (table-4) name of the field, e.g. ``calleeNbr``."""
        return self[0]  # type: ignore[no-any-return]

    @property
    def code(self) -> str:
        """The rule that was broken, e.g. ``phone_trunk_prefix``."""
        return self[1]  # type: ignore[no-any-return]

    @property
    def message(self) -> str:
        """What was wrong and what is allowed."""
        return self[2]  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"Violation(field={self[0]!r}, code={self[1]!r}, message={self[2]!r})"

    def __getnewargs__(self) -> tuple[str, str, str]:
        return (self[0], self[1], self[2])


class CallVerifyError(Exception):
    """Base class of every callverify error."""

    #: The kind: ``"validation"``, ``"api"``, ``"parse"``, ``"push_auth"`` or ``"config"``.
    kind: str = ""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        field: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        #: The stable snake_case code (see :data:`ERROR_CODES`).
        self.code: str = code
        #: The wire field concerned, when there is exactly one.
        self.field: str | None = field
        #: The HTTP status involved (API errors and response parse errors).
        self.http_status: int | None = http_status

    @property
    def message(self) -> str:
        """The message (what was wrong and what is allowed)."""
        return str(self.args[0]) if self.args else ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"

    def __reduce__(self) -> tuple[object, ...]:
        # Picklable (e.g. by Celery or multiprocessing) although __init__ takes keyword arguments.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(
    cls: type[CallVerifyError], args: tuple[object, ...], state: dict[str, object]
) -> CallVerifyError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


class ValidationError(CallVerifyError, ValueError):
    """A callVerify request broke one or more table-4 rules; ``errors`` lists them all."""

    kind = "validation"

    def __init__(self, message: str, *, errors: list[Violation] | tuple[Violation, ...] = ()) -> None:
        errors = list(errors)
        super().__init__(
            message,
            code="invalid_request",
            field=errors[0].field if len(errors) == 1 else None,
        )
        #: Every violation, in table-4 field order.
        self.errors: list[Violation] = errors


class ApiError(CallVerifyError):
    """The platform answered with a result code other than ``"0"``."""

    kind = "api"

    def __init__(
        self,
        message: str,
        *,
        http_status: int,
        result_code: str,
        description: str = "",
        entry: ResultCode | None = None,
    ) -> None:
        super().__init__(message, code="api_error", http_status=http_status)
        self.http_status: int = http_status
        #: The platform's ``resultcode``, e.g. ``"1010010"``.
        self.result_code: str = result_code
        #: The platform's ``resultdesc`` (empty when absent).
        self.description: str = description
        #: The result-code table's row for this code at this status, when known.
        self.entry: ResultCode | None = entry

    @property
    def retry(self) -> RetryAdvice | None:
        """Retry advice from the table (``None`` when the code is unknown: do not retry)."""
        return self.entry.retry if self.entry is not None else None

    @property
    def category(self) -> str | None:
        """The table's category (``"auth"``, ``"rate_limit"``, ...), when the code is known."""
        return self.entry.category if self.entry is not None else None

    @property
    def retryable(self) -> bool:
        """Whether the table advises retrying (always with a fresh signature)."""
        return self.retry is not None and self.retry.retryable

    @property
    def retry_after(self) -> int | None:
        """Seconds to wait before retrying (``0``: at once, signed afresh); ``None``: do not retry."""
        if self.retry is None or not self.retry.retryable:
            return None
        return self.retry.seconds if self.retry.seconds is not None else 0


class ParseError(CallVerifyError, ValueError):
    """A response or push body could not be understood."""

    kind = "parse"


class PushAuthError(CallVerifyError):
    """A push failed signature verification: reject it (HTTP 401)."""

    kind = "push_auth"


class ConfigError(CallVerifyError, ValueError):
    """Bad credentials, base URL, nonce, time or option given to the SDK itself."""

    kind = "config"


_BY_KIND: dict[str, type[CallVerifyError]] = {
    "parse": ParseError,
    "push_auth": PushAuthError,
    "config": ConfigError,
}


def _from_native(
    kind: str,
    code: str,
    message: str,
    field: str | None,
    http_status: int | None,
    violations: list[tuple[str, str, str]],
    api: tuple[str, str, ResultCode | None] | None,
) -> CallVerifyError:
    """Builds the exception for a core error (called by the native module only)."""
    if kind == "validation":
        return ValidationError(message, errors=[Violation(*v) for v in violations])
    if kind == "api" and api is not None and http_status is not None:
        result_code, description, entry = api
        return ApiError(
            message,
            http_status=http_status,
            result_code=result_code,
            description=description,
            entry=entry,
        )
    cls = _BY_KIND.get(kind, CallVerifyError)
    return cls(message, code=code, field=field, http_status=http_status)
