"""Read an export (``client.export``, ``ftkit export``) back, with no server: the jobs, events,
checkpoints and models as the same generated models the client returns, and the metrics as
:class:`ftkit.metrics.MetricRow`.

Example::

    archive = ftkit.archive.open("backup/")
    for job in archive.jobs():
        rows = archive.metrics(job.id)
        print(job.id, job.status, ftkit.metrics.summary(rows).final_train_loss)
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ftkit_api.models.fine_tuning_job import FineTuningJob
from ftkit_api.models.fine_tuning_job_checkpoint import FineTuningJobCheckpoint
from ftkit_api.models.fine_tuning_job_event import FineTuningJobEvent
from ftkit_api.models.model import Model
from ftkit_api.models.open_ai_file import OpenAIFile

from .errors import FtkitError, ValidationError
from .metrics import MetricRow, from_events, parse_csv

__all__ = ["Archive", "ArchiveError", "open"]


class ArchiveError(FtkitError):
    """A part of an export that is missing or cannot be read (the message names the file)."""


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArchiveError(f"{path}: not in the export") from None
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"{path}: cannot be read ({exc})") from None


def _jsonl(path: Path) -> list[Any]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot be read ({exc})") from None
    found = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                found.append(json.loads(line))
            except ValueError as exc:
                raise ArchiveError(f"{path}, line {number}: not JSON ({exc})") from None
    return found


class Archive:
    """An export directory, read on demand (nothing is loaded until asked for)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @property
    def manifest(self) -> dict[str, Any]:
        """The manifest: format, ftkit version, server, time, counts, sha256 and size of every file.

        >>> archive.manifest["server"]
        'https://api.openai.com/v1'
        """
        found = _json(self.directory / "manifest.json")
        if not isinstance(found, dict):
            raise ArchiveError(f"{self.directory / 'manifest.json'}: not a JSON object")
        return found

    def _job_dir(self, job_id: str) -> Path:
        if not isinstance(job_id, str) or not job_id or "/" in job_id or job_id.startswith("."):
            raise ValidationError("job_id", job_id, "the id of a job in the export")
        folder = self.directory / "jobs" / job_id
        if not (folder / "job.json").is_file():
            known = ", ".join(self.job_ids()[:5]) or "none"
            raise ValidationError("job_id", job_id, f"a job in the export at {self.directory} (some: {known})")
        return folder

    def job_ids(self) -> list[str]:
        """The ids of the jobs in the export, newest first.

        >>> archive.job_ids() == [job.id]
        True
        """
        return [job.id for job in self.jobs()]

    def jobs(self) -> list[FineTuningJob]:
        """Every job in the export (those exported completely), newest first.

        >>> [job.status for job in archive.jobs()]
        [<FineTuningJobStatus.SUCCEEDED: 'succeeded'>]
        """
        found = [
            FineTuningJob.from_dict(_json(path))
            for path in (self.directory / "jobs").glob("*/job.json")
            if path.is_file()
        ]
        return sorted(found, key=lambda job: job.created_at if isinstance(job.created_at, int) else 0, reverse=True)

    def job(self, job_id: str) -> FineTuningJob:
        """One job as the server last answered it.

        >>> archive.job(job.id).fine_tuned_model == model
        True
        """
        return FineTuningJob.from_dict(_json(self._job_dir(job_id) / "job.json"))

    def events(self, job_id: str) -> list[FineTuningJobEvent]:
        """Every event of the job, oldest first.

        >>> archive.events(job.id)[0].message == f"Created fine-tuning job: {job.id}"
        True
        """
        return [FineTuningJobEvent.from_dict(e) for e in _jsonl(self._job_dir(job_id) / "events.jsonl")]

    def checkpoints(self, job_id: str) -> list[FineTuningJobCheckpoint]:
        """The job's checkpoints, newest first (the API's order).

        >>> [c.step_number for c in archive.checkpoints(job.id)]
        [90, 60, 30]
        """
        return [FineTuningJobCheckpoint.from_dict(c) for c in _jsonl(self._job_dir(job_id) / "checkpoints.jsonl")]

    def metrics(self, job_id: str) -> list[MetricRow]:
        """The job's metrics, a row per step: from its result file when the export has one, else
        from its metrics events (as ``client.jobs.metrics`` does).

        >>> rows = archive.metrics(job.id)
        >>> rows[-1].step, rows[-1].train_loss
        (90, 0.13863)
        """
        folder = self._job_dir(job_id)
        job = self.job(job_id)
        for file_id in job.result_files or []:
            path = folder / "result_files" / f"{file_id}.csv"
            if path.is_file():
                return parse_csv(path.read_bytes())
        return from_events(self.events(job_id))

    def models(self) -> list[Model]:
        """The models list as it was at the export.

        >>> [m.id for m in archive.models() if m.id.startswith("ft:")] == [model]
        True
        """
        return [Model.from_dict(m) for m in _jsonl(self.directory / "models.jsonl")]

    def file(self, file_id: str) -> OpenAIFile | None:
        """The file object of an exported training or validation file (None if not exported).

        >>> archive.file(job.training_file).filename
        'train.jsonl'
        """
        path = self.directory / "files" / file_id / "file.json"
        return OpenAIFile.from_dict(_json(path)) if path.is_file() else None

    def file_path(self, file_id: str) -> Path | None:
        """Where the content of an exported file is (None if it was not exported: ``--no-files``,
        or the server no longer had it).

        >>> archive.file_path(job.training_file)  # doctest: +ELLIPSIS
        PosixPath('backup/files/file-.../train.jsonl')
        """
        if not isinstance(file_id, str) or not file_id or "/" in file_id:
            return None
        folder = self.directory / "files" / file_id
        if not (folder / "file.json").is_file():
            return None
        contents = [p for p in folder.iterdir() if p.is_file() and p.name != "file.json" and not p.name.startswith(".")]
        return contents[0] if len(contents) == 1 else None

    def __repr__(self) -> str:
        return f"Archive({str(self.directory)!r})"


def open(directory: str | os.PathLike[str]) -> Archive:
    """The export at ``directory``, for reading without a server.

    >>> archive = ftkit.archive.open("backup/")
    >>> archive.metrics(archive.job_ids()[0])[-1].train_loss
    0.13863
    """
    if not isinstance(directory, (str, os.PathLike)):
        raise ValidationError("directory", directory, "the directory of an export (ftkit export DIR)")
    path = Path(directory)
    if not (path / "jobs").is_dir() and not (path / "manifest.json").is_file():
        raise ValidationError("directory", os.fspath(directory), "the directory of an export (ftkit export DIR)")
    return Archive(path)
