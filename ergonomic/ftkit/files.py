"""The files a job needs: upload, list, retrieve, download, delete.

Example::

    with ftkit.Client() as client:
        uploaded = client.files.upload("train.jsonl")        # streamed from disk
        print(uploaded.id, uploaded.bytes)
        data = client.files.content(uploaded.id)             # bytes
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ftkit_api.types import UNSET

from ._calls import FileInput, call, content_call, endpoint
from ._checks import check_id, check_limit
from ._flow import Call
from ._resource import AsyncResource, Listing, Plan, Resource, SyncResource, pages, result, run, send
from .errors import ValidationError
from .uploads import (
    DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_PART_SIZE,
    DEFAULT_THRESHOLD,
    OnProgress,
    StateFile,
    UploadProgress,
    file_upload_flow,
)

if TYPE_CHECKING:
    from ftkit_api.models.delete_file_response import DeleteFileResponse
    from ftkit_api.models.open_ai_file import OpenAIFile
    from typing_extensions import Unpack

    from ._executor import RequestOptions

__all__ = ["AsyncFiles", "FileInput", "Files", "UploadProgress"]

# Imported on first use (``_calls.endpoint``): building a client loads no model of the API.
delete_file = endpoint("files.delete_file")
list_files = endpoint("files.list_files")
retrieve_file = endpoint("files.retrieve_file")

_ORDERS = ("asc", "desc")


def _order(order: str) -> Any:
    from ftkit_api.models.list_files_order import ListFilesOrder

    return ListFilesOrder(order)


def _list_call(purpose: str | None, order: str | None, limit: int | None) -> Callable[[str | None], Call]:
    if order is not None and order not in _ORDERS:
        raise ValidationError("order", order, "'asc' or 'desc'")
    check_limit(limit, 10_000)

    def make(after: str | None) -> Call:
        return call(
            list_files,
            purpose=UNSET if purpose is None else purpose,
            order=UNSET if order is None else _order(order),
            limit=UNSET if limit is None else limit,
            after=UNSET if after is None else after,
        )

    return make


class _FilesAPI(Resource[Any]):
    """``client.files``, written once for both clients (see ``_resource``)."""

    @result
    def upload(
        self,
        file: FileInput,
        purpose: str = "fine-tune",
        *,
        threshold: int | None = DEFAULT_THRESHOLD,
        part_size: int = DEFAULT_PART_SIZE,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        state_file: StateFile = "auto",
        on_progress: OnProgress | None = None,
        **options: Unpack[RequestOptions],
    ) -> Plan[OpenAIFile]:
        """Upload a training or validation file, of any size up to 8 GiB (never read whole into memory).

        Up to ``threshold`` bytes (100 MiB; None: always) it is one streamed request; above
        it, an Upload in parts of ``part_size`` bytes, ``max_in_flight`` at a time, checked
        with its md5, and resumable for an hour from ``state_file`` ("auto": the user's cache
        directory; None: not resumable, and an interrupted Upload is cancelled).
        ``on_progress`` gets an :class:`~ftkit.uploads.UploadProgress` as it goes. A retry
        after an ambiguous failure never leaves a second copy (``ftkit.uploads``).
        ``options`` are the per-call options (``extra_headers``, ``timeout``, ...) of every request.
        On ``AsyncClient``: ``uploaded = await client.files.upload("train.jsonl")``.

        >>> uploaded = client.files.upload("train.jsonl")
        >>> uploaded.filename, uploaded.bytes_, uploaded.status
        ('train.jsonl', 7070, <OpenAIFileStatus.PROCESSED: 'processed'>)
        """
        if not self._wiring.uploads_api:
            # Azure OpenAI's v1 API has no Uploads API: a file goes in one request (up to 512 MB).
            if threshold not in (None, DEFAULT_THRESHOLD):
                raise ValidationError(
                    "threshold", threshold, "None: Azure OpenAI's v1 API has no Uploads API (one request per file)"
                )
            threshold = None
        flow = file_upload_flow(
            file, purpose, policy=self._wiring.policy, clock=self._wiring.clock, threshold=threshold,
            part_size=part_size, max_in_flight=max_in_flight, state_file=state_file, on_progress=on_progress,
        )  # fmt: skip
        return run(flow, options=options)

    #: The official SDK's name for :meth:`upload` (``files.create(file=..., purpose=...)``).
    create = upload

    @result
    def retrieve(self, file_id: str, **options: Unpack[RequestOptions]) -> Plan[OpenAIFile]:
        """The file object of ``file_id``. On ``AsyncClient``: ``(await client.files.retrieve(file_id)).status``.

        >>> client.files.retrieve(training_file.id).status
        <OpenAIFileStatus.PROCESSED: 'processed'>
        """
        return send(call(retrieve_file, check_id("file_id", file_id)), options)

    @pages
    def list(
        self,
        *,
        purpose: str | None = None,
        order: str | None = None,
        limit: int | None = None,
        after: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Listing[OpenAIFile]:
        """Files, a page at a time; iterate the page for all of them.
        On ``AsyncClient``: ``await`` it for the first page, or ``async for f in client.files.list()``.

        >>> training_file.id in [f.id for f in client.files.list(purpose="fine-tune")]
        True
        """
        return Listing(_list_call(purpose, order, limit), after, options)

    @result
    def content(self, file_id: str, **options: Unpack[RequestOptions]) -> Plan[bytes]:
        """The file's bytes (a JSONL training file, or the CSV result file of a job).
        On ``AsyncClient``: ``data = await client.files.content(file_id)``.

        >>> csv = client.files.content(job.result_files[0])
        >>> csv.splitlines()[:2]
        [b'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy', b'1,2.15374,0.22572,,']
        """
        return send(content_call(check_id("file_id", file_id)), options)

    @result
    def delete(self, file_id: str, **options: Unpack[RequestOptions]) -> Plan[DeleteFileResponse]:
        """Delete a file. On ``AsyncClient``: ``(await client.files.delete(file_id)).deleted``.

        >>> uploaded = client.files.upload("train.jsonl")
        >>> client.files.delete(uploaded.id).deleted
        True
        """
        return send(call(delete_file, check_id("file_id", file_id)), options)


class Files(_FilesAPI, SyncResource):
    """``client.files``."""


class AsyncFiles(_FilesAPI, AsyncResource):
    """``client.files`` of the async client: the same methods, awaited (``list`` is iterated with ``async for``)."""
