"""ftkit: a fast, careful client for the OpenAI fine-tuning API.

The public names are loaded on first use, so ``import ftkit`` stays cheap:

>>> import ftkit
>>> ftkit.FineTuningJob.__name__
'FineTuningJob'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ftkit_api.models.fine_tuning_job import FineTuningJob as FineTuningJob
    from ftkit_api.models.fine_tuning_job_checkpoint import FineTuningJobCheckpoint as FineTuningJobCheckpoint
    from ftkit_api.models.fine_tuning_job_event import FineTuningJobEvent as FineTuningJobEvent
    from ftkit_api.models.model import Model as Model
    from ftkit_api.models.open_ai_file import OpenAIFile as OpenAIFile

    from ftkit import data as data
    from ftkit import emulator as emulator
    from ftkit import metrics as metrics
    from ftkit._executor import RequestOptions as RequestOptions
    from ftkit._retry import RetryPolicy as RetryPolicy
    from ftkit.azure import AsyncAzureClient as AsyncAzureClient
    from ftkit.azure import AzureClient as AzureClient
    from ftkit.client import AsyncClient as AsyncClient
    from ftkit.client import Client as Client
    from ftkit.errors import APIConnectionError as APIConnectionError
    from ftkit.errors import APIError as APIError
    from ftkit.errors import APIResponseValidationError as APIResponseValidationError
    from ftkit.errors import APIStatusError as APIStatusError
    from ftkit.errors import APITimeoutError as APITimeoutError
    from ftkit.errors import AuthenticationError as AuthenticationError
    from ftkit.errors import BadRequestError as BadRequestError
    from ftkit.errors import ConflictError as ConflictError
    from ftkit.errors import CredentialError as CredentialError
    from ftkit.errors import FtkitError as FtkitError
    from ftkit.errors import InternalServerError as InternalServerError
    from ftkit.errors import JobCreationDeniedError as JobCreationDeniedError
    from ftkit.errors import JobFailedError as JobFailedError
    from ftkit.errors import MetricsFormatError as MetricsFormatError
    from ftkit.errors import MissingAPIKeyError as MissingAPIKeyError
    from ftkit.errors import MissingDependencyError as MissingDependencyError
    from ftkit.errors import NotFoundError as NotFoundError
    from ftkit.errors import PermissionDeniedError as PermissionDeniedError
    from ftkit.errors import RateLimitError as RateLimitError
    from ftkit.errors import TrainingDataError as TrainingDataError
    from ftkit.errors import TrainingTypeRequiredError as TrainingTypeRequiredError
    from ftkit.errors import UnprocessableEntityError as UnprocessableEntityError
    from ftkit.errors import ValidationError as ValidationError
    from ftkit.errors import WaitTimeoutError as WaitTimeoutError
    from ftkit.grader_builders import Grader as Grader
    from ftkit.methods import Integration as Integration
    from ftkit.methods import Method as Method
    from ftkit.metrics import MetricRow as MetricRow
    from ftkit.pagination import AsyncPage as AsyncPage
    from ftkit.pagination import AsyncPager as AsyncPager
    from ftkit.pagination import Page as Page
    from ftkit.uploads import UploadProgress as UploadProgress
    from ftkit.watch import Poller as Poller

# name -> module that defines it; imported on first attribute access (PEP 562).
_LAZY: dict[str, str] = {
    "Client": "ftkit.client",
    "AsyncClient": "ftkit.client",
    "AzureClient": "ftkit.azure",
    "AsyncAzureClient": "ftkit.azure",
    "RequestOptions": "ftkit._executor",
    "RetryPolicy": "ftkit._retry",
    "Page": "ftkit.pagination",
    "AsyncPage": "ftkit.pagination",
    "AsyncPager": "ftkit.pagination",
    "FineTuningJob": "ftkit_api.models.fine_tuning_job",
    "FineTuningJobEvent": "ftkit_api.models.fine_tuning_job_event",
    "FineTuningJobCheckpoint": "ftkit_api.models.fine_tuning_job_checkpoint",
    "OpenAIFile": "ftkit_api.models.open_ai_file",
    "Model": "ftkit_api.models.model",
    "Method": "ftkit.methods",
    "Integration": "ftkit.methods",
    "Grader": "ftkit.grader_builders",
    "Poller": "ftkit.watch",
    "UploadProgress": "ftkit.uploads",
    "MetricRow": "ftkit.metrics",
    "ValidationError": "ftkit.errors",
    **{
        name: "ftkit.errors"
        for name in (
            "FtkitError",
            "APIError",
            "APIStatusError",
            "APIConnectionError",
            "APITimeoutError",
            "APIResponseValidationError",
            "BadRequestError",
            "AuthenticationError",
            "PermissionDeniedError",
            "NotFoundError",
            "ConflictError",
            "CredentialError",
            "UnprocessableEntityError",
            "RateLimitError",
            "InternalServerError",
            "JobCreationDeniedError",
            "JobFailedError",
            "MetricsFormatError",
            "MissingAPIKeyError",
            "MissingDependencyError",
            "TrainingDataError",
            "TrainingTypeRequiredError",
            "WaitTimeoutError",
        )
    },
}

__all__ = ["__version__", *_LAZY]


#: Subpackages and modules reachable as attributes (``ftkit.data.validate``) without an import.
_SUBMODULES = frozenset(
    {
        "archive",
        "azure",
        "chat",
        "create",
        "data",
        "emulator",
        "errors",
        "export",
        "grader_builders",
        "grading",
        "metrics",
        "methods",
        "models",
        "pagination",
        "replay",
        "watch",
    }
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"ftkit.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ftkit' has no attribute {name!r}")
    if module.startswith("ftkit_api."):
        # Registers ftkit's error class for malformed fields of the models (errors.ResponseFieldError).
        importlib.import_module("ftkit.errors")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, *_SUBMODULES})
