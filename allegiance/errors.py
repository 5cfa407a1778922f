"""Every error allegiance raises on purpose, in one place, each with a code.

    AllegianceError                 base: .code, .input (what caused it), .hint (what to do)
    ├── InputError                  an article that cannot be read as text   [A1xx]
    │   ├── EmptyInputError         empty or whitespace only                  A101
    │   ├── BinaryInputError        not text at all                           A102
    │   ├── EncodingError           text in an encoding we cannot tell        A103
    │   ├── InputTooLargeError      over the size limit                       A104
    │   ├── NoArticleError          HTML in which no article text was found   A105
    │   ├── BadRecordError          a JSONL line that is not a usable record  A106
    │   ├── InputNotFoundError      a path that does not exist                A107
    │   ├── MissingDateError        no publication date (a warning unless
    │                               --require-date)                           A108
    │   └── BadDateError            a publication date that is no real date
    │                               (31 February, year 1850, "garbage")       A109
    ├── ModelError                  no spaCy pipeline could be loaded         A201
    ├── KnowledgeBaseError          a KB file that does not parse or validate A301
    ├── GazetteerError              a gazetteer file that cannot be imported  A401
    ├── EvaluationError             a gold or prediction file we cannot score A501
    ├── StoreError                  a graph database that cannot be opened,
    │                               read or written                           A601
    ├── NotFoundError               a query names nothing in the graph        A602
    ├── BatchError                  an article a batch ingest could not finish
    │   │                           (the article itself may be fine)          [A8xx]
    │   ├── TimeLimitError          extraction ran past the time limit        A801
    │   └── WorkerDiedError         the process extracting it died (twice)    A802
    └── RequestError                a request the HTTP API refuses            [A7xx]
        ├── BadRequestError         a parameter or body that does not validate A701
        ├── UnauthorizedError       a write without the right bearer token    A702
        ├── WritesDisabledError     a write while the server has no token     A703
        ├── BodyTooLargeError       a request body over the size limit        A704
        ├── RateLimitedError        too many writes from one client           A705
        ├── NoEndpointError         no endpoint at that URL (or method)       A706
        └── HostNotAllowedError     a Host header a loopback server refuses   A707

The CLI turns any of these into one line on stderr (`error A101: …`) and an exit code
(see README); a batch records them per item and goes on; the HTTP API answers them with
a status and `{"error": {"code", "message", "hint"}}` (allegiance/serve/api.py).
Codes never change meaning.
"""

from __future__ import annotations


class AllegianceError(Exception):
    """Base class. `input` names what caused the error, `hint` says what to do next."""

    code = "A000"
    exit_code = 1

    def __init__(self, message: str, *, input: str | None = None, hint: str | None = None):
        self.message = message
        self.input = input
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.input}: " if self.input else ""
        nxt = f" {self.hint}" if self.hint else ""
        return f"[{self.code}] {where}{self.message}.{nxt}"


class InputError(AllegianceError):
    code = "A100"
    exit_code = 3


class EmptyInputError(InputError):
    code = "A101"


class BinaryInputError(InputError):
    code = "A102"


class EncodingError(InputError):
    code = "A103"


class InputTooLargeError(InputError):
    code = "A104"


class NoArticleError(InputError):
    code = "A105"


class BadRecordError(InputError):
    code = "A106"


class InputNotFoundError(InputError):
    code = "A107"


class MissingDateError(InputError):
    code = "A108"


class BadDateError(InputError):
    code = "A109"


class ModelError(AllegianceError):
    code = "A201"
    exit_code = 4


class KnowledgeBaseError(AllegianceError):
    code = "A301"
    exit_code = 5


class GazetteerError(AllegianceError):
    code = "A401"
    exit_code = 5


class EvaluationError(AllegianceError):
    code = "A501"
    exit_code = 6


class StoreError(AllegianceError):
    code = "A601"
    exit_code = 7


class NotFoundError(AllegianceError):
    code = "A602"
    exit_code = 3


class BatchError(AllegianceError):
    """Raised for one article of `allegiance ingest` (allegiance/batch/): recorded in the
    store's failures with its reason, and the batch goes on; the ingest exits 3."""

    code = "A800"
    exit_code = 3


class TimeLimitError(BatchError):
    code = "A801"


class WorkerDiedError(BatchError):
    code = "A802"


class RequestError(AllegianceError):
    """Raised by the HTTP API only (`allegiance serve`); each maps to one HTTP status."""

    code = "A700"


class BadRequestError(RequestError):
    code = "A701"


class UnauthorizedError(RequestError):
    code = "A702"


class WritesDisabledError(RequestError):
    code = "A703"


class BodyTooLargeError(RequestError):
    code = "A704"


class RateLimitedError(RequestError):
    code = "A705"


class NoEndpointError(RequestError):
    code = "A706"


class HostNotAllowedError(RequestError):
    code = "A707"
