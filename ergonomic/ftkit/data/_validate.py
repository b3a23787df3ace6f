"""The streaming validator: one pass over each file, one line in memory at a time."""

from __future__ import annotations

import io
import math
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from json import JSONDecodeError, JSONDecoder, loads
from typing import IO, Any, Union

from ..errors import ValidationError
from ._chat import reserved_tokens, type_name
from ._collect import Collector
from ._dedup import LineIndex
from ._formats import METHODS, Checker, ReinforcementChecker, grader_item_fields, make_checker
from ._images import MAX_IMAGE_EXAMPLES, MAX_IMAGES_PER_EXAMPLE
from ._report import Report, Stats
from ._stats import MIN_EXAMPLES, Histogram, default_epochs
from ._tokens import CONTEXT_LENGTHS, context_length_for_model, encoding_for_model, fine_tunable, get_counter

TOKEN_MODES = ("auto", "exact", "estimate")

#: The longest line read, in bytes (line ending excluded); a longer one is reported, not read.
#: The largest example the documented limits allow is about 141 MB: 10 images of 10 MB, as
#: base64 in data URLs (4/3 of their size), plus a full context of text. Reading a line takes
#: about twice its size in memory (its text, then the parsed example).
MAX_LINE_BYTES = 150 * 1024 * 1024

#: A path, or a binary file object (``open(path, "rb")``, ``sys.stdin.buffer``, ``io.BytesIO``).
Source = Union[str, "os.PathLike[str]", IO[bytes]]

_READ_BUFFER = 1 << 20
# Lines are read at most this much at a time; a longer line is gathered piece by piece, so a
# line over the limit is measured, never held.
_READ_SIZE = 1 << 20

# The C scanner behind json.loads, called directly: json.loads adds a regex pass for
# surrounding whitespace on every call, which costs about a third of the parse time on
# short lines. Anything unusual falls back to json.loads, which also words the errors.
_scan_once: Callable[[str, int], tuple[Any, int]] = JSONDecoder().scan_once  # type: ignore[attr-defined]  # set in __init__, untyped in typeshed


def validate(
    path: Source,
    method: str = "supervised",
    model: str | None = None,
    validation_path: Source | None = None,
    *,
    grader: Any = None,
    price_per_token: float | None = None,
    n_epochs: int | None = None,
    context_length: int | None = None,
    max_listed: int = 20,
    tokens: str = "auto",
    check_duplicates: bool = True,
    min_examples: int = MIN_EXAMPLES,
    max_images_per_example: int = MAX_IMAGES_PER_EXAMPLE,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Report:
    """Check a fine-tuning training file (and optional validation file) before upload.

    ``path`` and ``validation_path`` are file paths or binary file objects (a named pipe,
    ``sys.stdin.buffer``, ``io.BytesIO``, ...). Each file is read once, line by line, and no
    example is kept, so memory does not depend on the file's size, with two bounded
    exceptions: duplicate and train/validation overlap detection keep about 15 bytes per
    line (a 64-bit hash of the line's exact text and a slot in a table of line numbers;
    ``check_duplicates=False`` turns it off), and statistics keep one counter per distinct
    value (token counts are bounded by the context length), which gives exact quantiles
    without storing per-example numbers. A line longer than ``max_line_bytes`` (default
    :data:`MAX_LINE_BYTES`, 150 MiB) is reported and skipped without being held in memory;
    reading a line takes about twice its size.

    Formats, by ``method``: ``"supervised"`` reads chat lines (``messages`` with roles
    system, developer, user, assistant, tool and legacy function; ``tools``,
    ``functions``, ``parallel_tool_calls``; ``weight`` 0 or 1 on assistant messages) or
    legacy ``prompt``/``completion`` lines; ``"dpo"`` reads ``input``,
    ``preferred_output`` and ``non_preferred_output``; ``"reinforcement"`` reads
    ``messages`` plus any reference fields.

    Errors (the API would refuse the file or the job would fail): a training file with fewer
    than ``min_examples`` examples (10, the API's minimum; 0 turns the check off); text
    holding a reserved special token (``<|endoftext|>``, ``<|fim_suffix|>``, ...); images
    against the documented limits of vision fine-tuning (at most ``max_images_per_example``
    per example, 10 on OpenAI and 64 on Azure OpenAI; each at most 10 MB, JPEG, PNG or WEBP in
    RGB or RGBA mode, checked for base64 data URLs; none in assistant messages; at most
    50,000 examples with images). With ``grader`` (a dict in the API's JSON shape, a grader
    model or an ``ftkit.Grader`` result; reinforcement only), the grader itself gets the
    checks of ``ftkit graders validate --local``, a ``{{item.…}}`` field no example has is an
    error, and an example that lacks one a warning.

    Tokens are counted with tiktoken in the model's encoding (``o200k_base`` for the
    gpt-4o and gpt-4.1 families, ``cl100k_base`` for gpt-3.5 and gpt-4) when it can be
    loaded, else estimated at ~4 characters per token plus per-message overhead;
    ``report.tokens_estimated`` says which. ``tokens`` may force ``"exact"`` (raise if
    tiktoken can't load) or ``"estimate"``. An example longer than the model's documented
    training context (see ``CONTEXT_LENGTHS``) is a warning: the API truncates it.

    Billing: each example is billed up to the model's context length, times the epochs.
    Without ``n_epochs`` the epochs follow the documented ``auto`` rule (see
    :func:`default_epochs`: 3, adjusted so examples x epochs stays within [100, 25,000],
    between 1 and 25 epochs). A cost is only computed from ``price_per_token``: ftkit has
    no built-in prices. Reinforcement jobs are billed on training time, so no token bill
    is estimated for them.

    Raises :class:`ftkit.ValidationError` for a bad argument (naming it),
    ``FileNotFoundError`` when a file is missing.

    >>> report = validate("train.jsonl", model="gpt-4o-mini-2024-07-18", tokens="estimate")
    >>> print(report.to_text())  # doctest: +ELLIPSIS
    Training file train.jsonl: method supervised, model gpt-4o-mini-2024-07-18
    Result: valid (0 errors, 0 warnings)
    ...
      total tokens               1,448
    ...
    """
    train_file = _source_argument(path, "path")
    val_file = None if validation_path is None else _source_argument(validation_path, "validation_path")
    if method not in METHODS:
        raise ValidationError("method", method, f"one of {', '.join(map(repr, METHODS))}")
    if tokens not in TOKEN_MODES:
        raise ValidationError("tokens", tokens, f"one of {', '.join(map(repr, TOKEN_MODES))}")
    for name, value, least in (
        ("max_listed", max_listed, 0),
        ("min_examples", min_examples, 0),
        ("max_images_per_example", max_images_per_example, 0),
        ("max_line_bytes", max_line_bytes, 1),
    ):
        if not _is_int(value) or value < least:
            raise ValidationError(name, value, f"an integer >= {least}")
    if n_epochs is not None and (not _is_int(n_epochs) or not 1 <= n_epochs <= 50):
        raise ValidationError("n_epochs", n_epochs, "an integer from 1 to 50 (or None for the auto rule)")
    if context_length is not None and (not _is_int(context_length) or context_length < 1):
        raise ValidationError("context_length", context_length, "a positive integer")
    if price_per_token is not None and (
        isinstance(price_per_token, bool)
        or not isinstance(price_per_token, (int, float))
        or not math.isfinite(price_per_token)
        or price_per_token < 0
    ):
        raise ValidationError("price_per_token", price_per_token, "a finite number >= 0")
    grader_dict: Mapping[str, Any] | None = None
    if grader is not None:
        if method != "reinforcement":
            raise ValidationError(
                "grader", grader, f"None: a grader is only used with method='reinforcement', not {method!r}"
            )
        grader_dict = _grader_argument(grader)
    if model is not None and not isinstance(model, str):
        raise ValidationError("model", model, "a model name string")

    encoding, known_model = encoding_for_model(model)
    counter = get_counter(encoding, tokens)
    limit = context_length if context_length is not None else context_length_for_model(model)
    fields = grader_item_fields(grader_dict) if grader_dict is not None else ()
    out = Collector(max_listed)

    notes: list[str] = []
    if model is not None and not known_model:
        notes.append(f"Model {model!r} is not one ftkit knows; tokens are counted with {encoding}.")
    if counter.estimated and counter.reason:
        notes.append(f"Why estimates: {counter.reason}.")
    if limit is None:
        notes.append("No context-length check: pass context_length= (or a model ftkit knows) to check example length.")
    if method == "reinforcement" and grader_dict is None:
        notes.append("Pass grader= to check the grader and the fields its {{item.…}} templates read from each example.")
    if model is not None and not fine_tunable(model):
        # A warning, not an error: a model newer than ftkit's table may well be fine-tunable.
        dated = ", ".join(name for name in CONTEXT_LENGTHS if re.search(r"-\d{4}(-\d\d-\d\d)?$|-002$", name))
        out.file = "model"
        out.warning(
            None,
            "",
            "unknown_model",
            f"{model!r} is not a model ftkit knows can be fine-tuned ({dated}); check the name: "
            "the server refuses a model it does not fine-tune",
        )
    if grader_dict is not None:
        out.file = "grader"
        _check_grader(grader_dict, out)

    def checker() -> Checker:
        return make_checker(
            method, out, counter.count, model=model, grader_fields=fields, max_images=max_images_per_example
        )

    train = _Scan(train_file.name, limit, max_line_bytes)
    train.index = LineIndex() if check_duplicates else None
    out.file = train.file
    train_check = checker()
    _scan(train, train_file, train_check, out)
    if min_examples and 0 < train.examples + train.invalid < min_examples:
        n = train.examples + train.invalid
        out.error(
            None,
            "",
            "too_few_examples",
            f"the file has {n} example{'s' if n != 1 else ''}; a training file needs at least {min_examples} "
            "(the API refuses fewer; 50 to 100 is a better start)",
        )
    if train.image_examples > MAX_IMAGE_EXAMPLES:
        out.error(
            None,
            "",
            "too_many_image_examples",
            f"{train.image_examples:,} examples have images; a training file may have at most "
            f"{MAX_IMAGE_EXAMPLES:,} (OpenAI's vision fine-tuning guide)",
        )
    _grader_fields_found(train, train_check, out)

    val: _Scan | None = None
    if val_file is not None:
        val = _Scan(val_file.name, limit, max_line_bytes)
        val.index = LineIndex() if check_duplicates else None
        val.overlap = train.index
        out.file = val.file
        val_check = checker()
        _scan(val, val_file, val_check, out)
        _grader_fields_found(val, val_check, out)

    for scan in (train, val):
        if scan is not None and scan.stopped_duplicates:
            notes.append(f"{scan.file}: duplicate detection stopped at line {scan.stopped_duplicates:,}, past 2**32.")

    stats = _stats(train, limit)
    if method == "reinforcement":
        notes.append("Reinforcement fine-tuning is billed on training time, not tokens: no token bill is estimated.")
    elif train.examples:
        epochs = n_epochs if n_epochs is not None else default_epochs(train.examples)
        billed = epochs * train.billable_tokens
        cost = None if price_per_token is None else billed * price_per_token
        stats = replace(
            stats, epochs=epochs, billed_tokens=billed, price_per_token=price_per_token, estimated_cost=cost
        )
        if n_epochs is None:
            notes.append(
                "Billed tokens assume n_epochs='auto': 3 epochs, adjusted so examples x epochs is within "
                "[100, 25,000] (1 to 25 epochs); each example is billed up to the context length."
            )

    return Report(
        path=train.file,
        method=method,
        model=model,
        validation_path=None if val is None else val.file,
        stats=stats,
        encoding=encoding,
        tokens_estimated=counter.estimated,
        errors=tuple(out.errors),
        error_counts=dict(out.error_counts),
        warnings=tuple(out.warnings),
        warning_counts=dict(out.warning_counts),
        validation_stats=None if val is None else _stats(val, limit),
        notes=tuple(notes),
        max_listed=max_listed,
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class _File:
    """A file to read: its name for findings, and either a path to open or an open binary stream."""

    name: str
    path: str | None = None
    stream: IO[bytes] | None = None

    def size(self) -> int | None:
        """Bytes left to read when known (a regular file), else ``None``."""
        try:
            if self.path is not None:
                info = os.stat(self.path)
                return info.st_size if stat.S_ISREG(info.st_mode) else None
            if self.stream is not None and self.stream.seekable():
                info = os.fstat(self.stream.fileno())
                return info.st_size - self.stream.tell() if stat.S_ISREG(info.st_mode) else None
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            pass
        return None


def _source_argument(value: object, name: str) -> _File:
    if isinstance(value, io.TextIOBase):
        raise ValidationError(name, value, "a path or a binary file object (open the file with 'rb')")
    if hasattr(value, "readline") and not isinstance(value, (str, bytes, os.PathLike)):
        read = getattr(value, "read", None)
        if not callable(read) or not isinstance(read(0), bytes):
            raise ValidationError(name, value, "a path or a binary file object (open the file with 'rb')")
        label = getattr(value, "name", None)
        return _File(label if isinstance(label, str) else "<stream>", stream=value)  # type: ignore[arg-type]
    if not isinstance(value, (str, os.PathLike)):
        raise ValidationError(name, value, "a file path or a binary file object")
    path = os.fspath(value)
    if not isinstance(path, str):
        raise ValidationError(name, value, "a text path (str or PathLike), not bytes")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{name}: no such file: {path!r}")
    if os.path.isdir(path):
        raise IsADirectoryError(f"{name}: {path!r} is a directory, not a JSONL file")
    return _File(path, path=path)


def _grader_argument(grader: object) -> Mapping[str, Any]:
    if isinstance(grader, Mapping):
        return grader
    to_dict = getattr(grader, "to_dict", None)
    if callable(to_dict):
        value = to_dict()
        if isinstance(value, Mapping):
            return value
    raise ValidationError("grader", grader, "a dict in the API's JSON shape, a grader model or an ftkit.Grader result")


def _check_grader(grader: Mapping[str, Any], out: Collector) -> None:
    """The checks of ``ftkit graders validate --local``, as findings about the grader."""
    # Imported here: the builders bring the generated grader models, needed only with a grader.
    from ..grader_builders import as_grader

    try:
        as_grader(grader)
    except ValidationError as exc:
        message = str(exc)
        prefix = f"{exc.argument}: "
        out.error(None, exc.argument, "invalid_grader", message.removeprefix(prefix))


def _grader_fields_found(scan: _Scan, check: Checker, out: Collector) -> None:
    if not isinstance(check, ReinforcementChecker) or not scan.examples + scan.invalid:
        return
    for name in check.fields_never_present():
        out.error(
            None,
            name,
            "grader_field_unknown",
            f"the grader reads {{{{item.{name}}}}}, but no example has {name!r}: every grade would read nothing",
        )


@dataclass
class _Scan:
    """One file's running totals; nothing here grows with the file except ``index``."""

    file: str
    limit: int | None
    max_line_bytes: int
    lines: int = 0
    examples: int = 0
    invalid: int = 0
    total_tokens: int = 0
    billable_tokens: int = 0
    over_limit: int = 0
    image_examples: int = 0
    messages: Histogram = field(default_factory=Histogram)
    tokens: Histogram = field(default_factory=Histogram)
    assistant: Histogram = field(default_factory=Histogram)
    index: LineIndex | None = None
    overlap: LineIndex | None = None
    stopped_duplicates: int = 0


def _scan(scan: _Scan, source: _File, check: Checker, out: Collector) -> None:
    if source.path is not None:
        with open(source.path, "rb", buffering=_READ_BUFFER) as f:
            _read(scan, f, check, out, source.size())
        return
    stream = source.stream
    assert stream is not None
    if isinstance(stream, io.RawIOBase):
        # An unbuffered stream would answer readline one byte at a time.
        buffered = io.BufferedReader(stream, _READ_BUFFER)
        try:
            _read(scan, buffered, check, out, source.size())
        finally:
            buffered.detach()  # the caller's stream stays open
    else:
        _read(scan, stream, check, out, source.size())


def _long_line(readline: Callable[[int], bytes], first: bytes | bytearray, most: int) -> bytearray | int:
    """The rest of a line longer than one read (``first``, without its newline): the whole
    line, or its length in bytes when it is longer than ``most`` (then none of it is kept)."""
    line = bytearray(first)
    piece = first
    while piece and piece[-1] != 10:
        piece = readline(_READ_SIZE)
        if len(line) + len(piece) > most + 2:  # over the limit even with a CRLF ending
            total = len(line) + len(piece)
            del line
            while piece and piece[-1] != 10:
                piece = readline(_READ_SIZE)
                total += len(piece)
            return total
        line += piece
    return line if _content_length(line) <= most else len(line)


def _content_length(line: bytes | bytearray) -> int:
    """The length of a line without its ending (LF or CRLF)."""
    if line.endswith(b"\r\n"):
        return len(line) - 2
    return len(line) - 1 if line.endswith(b"\n") else len(line)


def _read(scan: _Scan, f: IO[bytes], check: Checker, out: Collector, size: int | None) -> None:
    limit = scan.limit
    index = scan.index
    overlap = scan.overlap
    most = scan.max_line_bytes
    messages_add = scan.messages.add
    tokens_add = scan.tokens.add
    assistant_add = scan.assistant.add
    readline = f.readline
    # A limit under one read (a caller's choice) is checked on every line; the default on long ones only.
    read_size = min(_READ_SIZE, most + 2)
    small_limit = read_size < _READ_SIZE
    if index is not None and size:
        index.expect = _expect(f, size)
    examples = invalid = total = billable = over = image_examples = 0
    line = 0
    while True:
        raw: bytes | bytearray = readline(read_size)
        if not raw:
            break
        line += 1
        if (len(raw) == read_size and raw[-1] != 10) or (small_limit and _content_length(raw) > most):
            whole = _long_line(readline, raw, most) if raw[-1] != 10 else len(raw)
            if isinstance(whole, int):
                out.error(
                    line,
                    "",
                    "line_too_long",
                    f"the line is {whole:,} bytes, over the {most:,}-byte limit of one line (max_line_bytes): not read",
                )
                invalid += 1
                continue
            raw = whole
        if raw.isspace():
            out.warning(line, "", "blank_line", "blank line (skipped)")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            out.error(line, "", "invalid_utf8", f"not valid UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start})")
            invalid += 1
            continue
        del raw  # a long line is held once, as text
        if line == 1 and text.startswith("\ufeff"):
            text = text[1:]
        try:
            example, end = _scan_once(text, 0)
            if end != len(text) and not text[end:].isspace():
                raise ValueError
        except (StopIteration, ValueError, RecursionError):
            try:
                example = loads(text.rstrip("\r\n"))
            except JSONDecodeError as exc:
                out.error(line, "", "invalid_json", f"invalid JSON: {exc.msg} (column {exc.pos + 1})")
                invalid += 1
                continue
            except RecursionError:
                out.error(line, "", "invalid_json", "invalid JSON: nested too deeply")
                invalid += 1
                continue
        if type(example) is not dict:
            out.error(line, "", "not_an_object", f"each line must be a JSON object, got {type_name(example)}")
            invalid += 1
            continue
        m = check(example, line)
        # Every reserved token has a "|": one fast scan of the line rules out nearly all of them.
        if "|" in text:
            found = reserved_tokens(example)
            if found:
                for where, token in found:
                    out.error(
                        line, where, "reserved_token", f"holds {token}, a special token the API refuses in training"
                    )
                m = None
        if m is None:
            invalid += 1
            continue
        examples += 1
        n = m.tokens
        total += n
        tokens_add(n)
        assistant_add(m.assistant_tokens)
        if m.images:
            image_examples += 1
        if m.messages:
            messages_add(m.messages)
            if not m.has_system:
                out.warning(line, "messages", "missing_system_message", "no system or developer message")
            if not m.has_user:
                out.warning(line, "messages", "missing_user_message", "no user message")
        if limit is None:
            billable += n
        elif n > limit:
            over += 1
            billable += limit
            out.warning(
                line, "", "over_context_length", f"{n:,} tokens, over the model's {limit:,}: it will be truncated"
            )
        else:
            billable += n
        if index is not None:
            # The line's exact text, a final line without newline like the others.
            key = hash(text) if text.endswith("\n") else hash(text + "\n")
            try:
                first = index.add(line, key)
            except OverflowError:
                scan.stopped_duplicates = line
                index = scan.index = None
                overlap = None
            else:
                if first:
                    out.warning(line, "", "duplicate_example", f"duplicate of line {first}")
                if overlap is not None:
                    seen = overlap.find(key)
                    if seen:
                        out.warning(
                            line,
                            "",
                            "train_validation_overlap",
                            f"same example as line {seen} of the training file",
                        )
    if line == 0 or examples + invalid == 0:
        out.error(None, "", "empty_file", "the file has no examples")
    if index is not None:
        index.expect = None  # the file is closed from here on
    scan.lines = line
    scan.examples = examples
    scan.invalid = invalid
    scan.total_tokens = total
    scan.billable_tokens = billable
    scan.over_limit = over
    scan.image_examples = image_examples


def _position(f: IO[bytes]) -> int | None:
    try:
        return f.tell()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None


def _expect(f: IO[bytes], size: int) -> Callable[[int], int | None] | None:
    """How many lines the whole of ``f`` (``size`` bytes) has, from the bytes its first ``lines`` took."""
    start = _position(f)
    if start is None:
        return None

    def expect(lines: int) -> int | None:
        now = _position(f)
        return int(size / (now - start) * lines * 1.05) if now is not None and now > start else None

    return expect


def _stats(scan: _Scan, limit: int | None) -> Stats:
    return Stats(
        file=scan.file,
        lines=scan.lines,
        examples=scan.examples,
        invalid_examples=scan.invalid,
        messages_per_example=scan.messages.summary(),
        tokens_per_example=scan.tokens.summary(),
        assistant_tokens_per_example=scan.assistant.summary(),
        total_tokens=scan.total_tokens,
        examples_over_context=scan.over_limit,
        context_length=limit,
    )
