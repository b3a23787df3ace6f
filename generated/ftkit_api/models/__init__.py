"""Contains all the data models used in inputs/outputs"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .add_upload_part_request import AddUploadPartRequest
    from .allowed_tools import AllowedTools
    from .allowed_tools_mode import AllowedToolsMode
    from .allowed_tools_tools_item import AllowedToolsToolsItem
    from .assistant_message import AssistantMessage
    from .assistant_message_role import AssistantMessageRole
    from .audio_content_part import AudioContentPart
    from .audio_content_part_input_audio import AudioContentPartInputAudio
    from .audio_content_part_input_audio_format import AudioContentPartInputAudioFormat
    from .audio_content_part_type import AudioContentPartType
    from .chat_completion_allowed_tools_choice import ChatCompletionAllowedToolsChoice
    from .chat_completion_allowed_tools_choice_type import (
        ChatCompletionAllowedToolsChoiceType,
    )
    from .chat_completion_response_message import ChatCompletionResponseMessage
    from .chat_completion_response_message_role import ChatCompletionResponseMessageRole
    from .complete_upload_request import CompleteUploadRequest
    from .completion_usage import CompletionUsage
    from .completion_usage_completion_tokens_details import (
        CompletionUsageCompletionTokensDetails,
    )
    from .completion_usage_prompt_tokens_details import (
        CompletionUsagePromptTokensDetails,
    )
    from .create_chat_completion_request import CreateChatCompletionRequest
    from .create_chat_completion_response import CreateChatCompletionResponse
    from .create_chat_completion_response_choices_item import (
        CreateChatCompletionResponseChoicesItem,
    )
    from .create_chat_completion_response_choices_item_finish_reason import (
        CreateChatCompletionResponseChoicesItemFinishReason,
    )
    from .create_chat_completion_response_object import (
        CreateChatCompletionResponseObject,
    )
    from .create_embedding_request import CreateEmbeddingRequest
    from .create_embedding_request_encoding_format import (
        CreateEmbeddingRequestEncodingFormat,
    )
    from .create_embedding_response import CreateEmbeddingResponse
    from .create_embedding_response_object import CreateEmbeddingResponseObject
    from .create_embedding_response_usage import CreateEmbeddingResponseUsage
    from .create_file_request import CreateFileRequest
    from .create_file_request_purpose import CreateFileRequestPurpose
    from .create_fine_tuning_checkpoint_permission_request import (
        CreateFineTuningCheckpointPermissionRequest,
    )
    from .create_fine_tuning_job_request import CreateFineTuningJobRequest
    from .create_fine_tuning_job_request_hyperparameters import (
        CreateFineTuningJobRequestHyperparameters,
    )
    from .create_fine_tuning_job_request_hyperparameters_batch_size_type_0 import (
        CreateFineTuningJobRequestHyperparametersBatchSizeType0,
    )
    from .create_fine_tuning_job_request_hyperparameters_learning_rate_multiplier_type_0 import (
        CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0,
    )
    from .create_fine_tuning_job_request_hyperparameters_n_epochs_type_0 import (
        CreateFineTuningJobRequestHyperparametersNEpochsType0,
    )
    from .create_fine_tuning_job_request_integrations_type_0_item import (
        CreateFineTuningJobRequestIntegrationsType0Item,
    )
    from .create_fine_tuning_job_request_integrations_type_0_item_type_type_0 import (
        CreateFineTuningJobRequestIntegrationsType0ItemTypeType0,
    )
    from .create_fine_tuning_job_request_integrations_type_0_item_wandb import (
        CreateFineTuningJobRequestIntegrationsType0ItemWandb,
    )
    from .create_fine_tuning_job_request_model_type_1 import (
        CreateFineTuningJobRequestModelType1,
    )
    from .create_upload_request import CreateUploadRequest
    from .create_upload_request_purpose import CreateUploadRequestPurpose
    from .custom_tool import CustomTool
    from .custom_tool_call import CustomToolCall
    from .custom_tool_call_custom import CustomToolCallCustom
    from .custom_tool_call_type import CustomToolCallType
    from .custom_tool_choice import CustomToolChoice
    from .custom_tool_choice_custom import CustomToolChoiceCustom
    from .custom_tool_choice_type import CustomToolChoiceType
    from .custom_tool_custom_tool_properties import CustomToolCustomToolProperties
    from .custom_tool_custom_tool_properties_grammar_format import (
        CustomToolCustomToolPropertiesGrammarFormat,
    )
    from .custom_tool_custom_tool_properties_grammar_format_grammar_format import (
        CustomToolCustomToolPropertiesGrammarFormatGrammarFormat,
    )
    from .custom_tool_custom_tool_properties_grammar_format_grammar_format_syntax import (
        CustomToolCustomToolPropertiesGrammarFormatGrammarFormatSyntax,
    )
    from .custom_tool_custom_tool_properties_grammar_format_type import (
        CustomToolCustomToolPropertiesGrammarFormatType,
    )
    from .custom_tool_custom_tool_properties_text_format import (
        CustomToolCustomToolPropertiesTextFormat,
    )
    from .custom_tool_custom_tool_properties_text_format_type import (
        CustomToolCustomToolPropertiesTextFormatType,
    )
    from .custom_tool_type import CustomToolType
    from .delete_file_response import DeleteFileResponse
    from .delete_file_response_object import DeleteFileResponseObject
    from .delete_fine_tuning_checkpoint_permission_response import (
        DeleteFineTuningCheckpointPermissionResponse,
    )
    from .delete_fine_tuning_checkpoint_permission_response_object import (
        DeleteFineTuningCheckpointPermissionResponseObject,
    )
    from .delete_model_response import DeleteModelResponse
    from .developer_message import DeveloperMessage
    from .developer_message_role import DeveloperMessageRole
    from .embedding import Embedding
    from .embedding_object import EmbeddingObject
    from .error import Error
    from .error_response import ErrorResponse
    from .eval_message_object import EvalMessageObject
    from .eval_message_object_role import EvalMessageObjectRole
    from .eval_message_object_type import EvalMessageObjectType
    from .file_content_part import FileContentPart
    from .file_content_part_file import FileContentPartFile
    from .file_content_part_type import FileContentPartType
    from .file_expiration_policy import FileExpirationPolicy
    from .file_expiration_policy_anchor import FileExpirationPolicyAnchor
    from .fine_tune_dpo_hyperparameters import FineTuneDPOHyperparameters
    from .fine_tune_dpo_hyperparameters_batch_size_type_0 import (
        FineTuneDPOHyperparametersBatchSizeType0,
    )
    from .fine_tune_dpo_hyperparameters_beta_type_0 import (
        FineTuneDPOHyperparametersBetaType0,
    )
    from .fine_tune_dpo_hyperparameters_learning_rate_multiplier_type_0 import (
        FineTuneDPOHyperparametersLearningRateMultiplierType0,
    )
    from .fine_tune_dpo_hyperparameters_n_epochs_type_0 import (
        FineTuneDPOHyperparametersNEpochsType0,
    )
    from .fine_tune_dpo_method import FineTuneDPOMethod
    from .fine_tune_method import FineTuneMethod
    from .fine_tune_method_type import FineTuneMethodType
    from .fine_tune_reinforcement_hyperparameters import (
        FineTuneReinforcementHyperparameters,
    )
    from .fine_tune_reinforcement_hyperparameters_batch_size_type_0 import (
        FineTuneReinforcementHyperparametersBatchSizeType0,
    )
    from .fine_tune_reinforcement_hyperparameters_compute_multiplier_type_0 import (
        FineTuneReinforcementHyperparametersComputeMultiplierType0,
    )
    from .fine_tune_reinforcement_hyperparameters_eval_interval_type_0 import (
        FineTuneReinforcementHyperparametersEvalIntervalType0,
    )
    from .fine_tune_reinforcement_hyperparameters_eval_samples_type_0 import (
        FineTuneReinforcementHyperparametersEvalSamplesType0,
    )
    from .fine_tune_reinforcement_hyperparameters_learning_rate_multiplier_type_0 import (
        FineTuneReinforcementHyperparametersLearningRateMultiplierType0,
    )
    from .fine_tune_reinforcement_hyperparameters_n_epochs_type_0 import (
        FineTuneReinforcementHyperparametersNEpochsType0,
    )
    from .fine_tune_reinforcement_hyperparameters_reasoning_effort import (
        FineTuneReinforcementHyperparametersReasoningEffort,
    )
    from .fine_tune_reinforcement_method import FineTuneReinforcementMethod
    from .fine_tune_supervised_hyperparameters import FineTuneSupervisedHyperparameters
    from .fine_tune_supervised_hyperparameters_batch_size_type_0 import (
        FineTuneSupervisedHyperparametersBatchSizeType0,
    )
    from .fine_tune_supervised_hyperparameters_learning_rate_multiplier_type_0 import (
        FineTuneSupervisedHyperparametersLearningRateMultiplierType0,
    )
    from .fine_tune_supervised_hyperparameters_n_epochs_type_0 import (
        FineTuneSupervisedHyperparametersNEpochsType0,
    )
    from .fine_tune_supervised_method import FineTuneSupervisedMethod
    from .fine_tuning_checkpoint_permission import FineTuningCheckpointPermission
    from .fine_tuning_checkpoint_permission_object import (
        FineTuningCheckpointPermissionObject,
    )
    from .fine_tuning_job import FineTuningJob
    from .fine_tuning_job_checkpoint import FineTuningJobCheckpoint
    from .fine_tuning_job_checkpoint_metrics import FineTuningJobCheckpointMetrics
    from .fine_tuning_job_checkpoint_object import FineTuningJobCheckpointObject
    from .fine_tuning_job_error_type_0 import FineTuningJobErrorType0
    from .fine_tuning_job_event import FineTuningJobEvent
    from .fine_tuning_job_event_data_type_0 import FineTuningJobEventDataType0
    from .fine_tuning_job_event_level import FineTuningJobEventLevel
    from .fine_tuning_job_event_object import FineTuningJobEventObject
    from .fine_tuning_job_event_type import FineTuningJobEventType
    from .fine_tuning_job_hyperparameters_type_0 import (
        FineTuningJobHyperparametersType0,
    )
    from .fine_tuning_job_hyperparameters_type_0_batch_size_type_0_type_0 import (
        FineTuningJobHyperparametersType0BatchSizeType0Type0,
    )
    from .fine_tuning_job_hyperparameters_type_0_learning_rate_multiplier_type_0 import (
        FineTuningJobHyperparametersType0LearningRateMultiplierType0,
    )
    from .fine_tuning_job_hyperparameters_type_0n_epochs_type_0 import (
        FineTuningJobHyperparametersType0NEpochsType0,
    )
    from .fine_tuning_job_integration import FineTuningJobIntegration
    from .fine_tuning_job_integration_type import FineTuningJobIntegrationType
    from .fine_tuning_job_integration_wandb import FineTuningJobIntegrationWandb
    from .fine_tuning_job_object import FineTuningJobObject
    from .fine_tuning_job_status import FineTuningJobStatus
    from .function_message import FunctionMessage
    from .function_message_role import FunctionMessageRole
    from .function_object import FunctionObject
    from .function_parameters import FunctionParameters
    from .function_tool import FunctionTool
    from .function_tool_call import FunctionToolCall
    from .function_tool_call_function import FunctionToolCallFunction
    from .function_tool_call_type import FunctionToolCallType
    from .function_tool_choice import FunctionToolChoice
    from .function_tool_choice_function import FunctionToolChoiceFunction
    from .function_tool_choice_type import FunctionToolChoiceType
    from .function_tool_type import FunctionToolType
    from .image_content_part import ImageContentPart
    from .image_content_part_image_url import ImageContentPartImageUrl
    from .image_content_part_image_url_detail import ImageContentPartImageUrlDetail
    from .image_content_part_type import ImageContentPartType
    from .input_audio import InputAudio
    from .input_audio_input_audio import InputAudioInputAudio
    from .input_audio_input_audio_format import InputAudioInputAudioFormat
    from .input_audio_type import InputAudioType
    from .input_image import InputImage
    from .input_image_type import InputImageType
    from .input_text import InputText
    from .input_text_type import InputTextType
    from .json_object import JSONObject
    from .json_object_type import JSONObjectType
    from .json_schema import JSONSchema
    from .json_schema_json_schema import JSONSchemaJSONSchema
    from .json_schema_type import JSONSchemaType
    from .label_model_grader import LabelModelGrader
    from .label_model_grader_type import LabelModelGraderType
    from .list_files_order import ListFilesOrder
    from .list_files_response import ListFilesResponse
    from .list_fine_tuning_checkpoint_permission_response import (
        ListFineTuningCheckpointPermissionResponse,
    )
    from .list_fine_tuning_checkpoint_permission_response_object import (
        ListFineTuningCheckpointPermissionResponseObject,
    )
    from .list_fine_tuning_checkpoint_permissions_order import (
        ListFineTuningCheckpointPermissionsOrder,
    )
    from .list_fine_tuning_job_checkpoints_response import (
        ListFineTuningJobCheckpointsResponse,
    )
    from .list_fine_tuning_job_checkpoints_response_object import (
        ListFineTuningJobCheckpointsResponseObject,
    )
    from .list_fine_tuning_job_events_response import ListFineTuningJobEventsResponse
    from .list_fine_tuning_job_events_response_object import (
        ListFineTuningJobEventsResponseObject,
    )
    from .list_models_response import ListModelsResponse
    from .list_models_response_object import ListModelsResponseObject
    from .list_paginated_fine_tuning_jobs_metadata_type_0 import (
        ListPaginatedFineTuningJobsMetadataType0,
    )
    from .list_paginated_fine_tuning_jobs_response import (
        ListPaginatedFineTuningJobsResponse,
    )
    from .list_paginated_fine_tuning_jobs_response_object import (
        ListPaginatedFineTuningJobsResponseObject,
    )
    from .metadata_type_0 import MetadataType0
    from .model import Model
    from .model_object import ModelObject
    from .multi_grader import MultiGrader
    from .multi_grader_grader_multi_graders import MultiGraderGraderMultiGraders
    from .multi_grader_type import MultiGraderType
    from .open_ai_file import OpenAIFile
    from .open_ai_file_object import OpenAIFileObject
    from .open_ai_file_purpose import OpenAIFilePurpose
    from .open_ai_file_status import OpenAIFileStatus
    from .output_text import OutputText
    from .output_text_type import OutputTextType
    from .prompt_cache_breakpoint import PromptCacheBreakpoint
    from .prompt_cache_breakpoint_mode import PromptCacheBreakpointMode
    from .python_grader import PythonGrader
    from .python_grader_type import PythonGraderType
    from .reasoning_effort_type_0 import ReasoningEffortType0
    from .refusal_content_part import RefusalContentPart
    from .refusal_content_part_type import RefusalContentPartType
    from .response_format_json_schema_schema import ResponseFormatJsonSchemaSchema
    from .run_grader_request import RunGraderRequest
    from .run_grader_request_item import RunGraderRequestItem
    from .run_grader_response import RunGraderResponse
    from .run_grader_response_metadata import RunGraderResponseMetadata
    from .run_grader_response_metadata_errors import RunGraderResponseMetadataErrors
    from .run_grader_response_metadata_scores import RunGraderResponseMetadataScores
    from .run_grader_response_metadata_token_usage_type_2 import (
        RunGraderResponseMetadataTokenUsageType2,
    )
    from .run_grader_response_model_grader_token_usage_per_model import (
        RunGraderResponseModelGraderTokenUsagePerModel,
    )
    from .run_grader_response_sub_rewards import RunGraderResponseSubRewards
    from .score_model_grader import ScoreModelGrader
    from .score_model_grader_sampling_params import ScoreModelGraderSamplingParams
    from .score_model_grader_type import ScoreModelGraderType
    from .string_check_grader import StringCheckGrader
    from .string_check_grader_operation import StringCheckGraderOperation
    from .string_check_grader_type import StringCheckGraderType
    from .system_message import SystemMessage
    from .system_message_role import SystemMessageRole
    from .text import Text
    from .text_content_part import TextContentPart
    from .text_content_part_type import TextContentPartType
    from .text_similarity_grader import TextSimilarityGrader
    from .text_similarity_grader_evaluation_metric import (
        TextSimilarityGraderEvaluationMetric,
    )
    from .text_similarity_grader_type import TextSimilarityGraderType
    from .text_type import TextType
    from .tool_choice_mode import ToolChoiceMode
    from .tool_message import ToolMessage
    from .tool_message_role import ToolMessageRole
    from .upload import Upload
    from .upload_object import UploadObject
    from .upload_part import UploadPart
    from .upload_part_object import UploadPartObject
    from .upload_status import UploadStatus
    from .user_message import UserMessage
    from .user_message_role import UserMessageRole
    from .validate_grader_request import ValidateGraderRequest
    from .validate_grader_response import ValidateGraderResponse

#: name -> the module of this package that defines it
_MODULES: dict[str, str] = {
    "AddUploadPartRequest": ".add_upload_part_request",
    "AllowedTools": ".allowed_tools",
    "AllowedToolsMode": ".allowed_tools_mode",
    "AllowedToolsToolsItem": ".allowed_tools_tools_item",
    "AssistantMessage": ".assistant_message",
    "AssistantMessageRole": ".assistant_message_role",
    "AudioContentPart": ".audio_content_part",
    "AudioContentPartInputAudio": ".audio_content_part_input_audio",
    "AudioContentPartInputAudioFormat": ".audio_content_part_input_audio_format",
    "AudioContentPartType": ".audio_content_part_type",
    "ChatCompletionAllowedToolsChoice": ".chat_completion_allowed_tools_choice",
    "ChatCompletionAllowedToolsChoiceType": ".chat_completion_allowed_tools_choice_type",
    "ChatCompletionResponseMessage": ".chat_completion_response_message",
    "ChatCompletionResponseMessageRole": ".chat_completion_response_message_role",
    "CompleteUploadRequest": ".complete_upload_request",
    "CompletionUsage": ".completion_usage",
    "CompletionUsageCompletionTokensDetails": ".completion_usage_completion_tokens_details",
    "CompletionUsagePromptTokensDetails": ".completion_usage_prompt_tokens_details",
    "CreateChatCompletionRequest": ".create_chat_completion_request",
    "CreateChatCompletionResponse": ".create_chat_completion_response",
    "CreateChatCompletionResponseChoicesItem": ".create_chat_completion_response_choices_item",
    "CreateChatCompletionResponseChoicesItemFinishReason": ".create_chat_completion_response_choices_item_finish_reason",
    "CreateChatCompletionResponseObject": ".create_chat_completion_response_object",
    "CreateEmbeddingRequest": ".create_embedding_request",
    "CreateEmbeddingRequestEncodingFormat": ".create_embedding_request_encoding_format",
    "CreateEmbeddingResponse": ".create_embedding_response",
    "CreateEmbeddingResponseObject": ".create_embedding_response_object",
    "CreateEmbeddingResponseUsage": ".create_embedding_response_usage",
    "CreateFileRequest": ".create_file_request",
    "CreateFileRequestPurpose": ".create_file_request_purpose",
    "CreateFineTuningCheckpointPermissionRequest": ".create_fine_tuning_checkpoint_permission_request",
    "CreateFineTuningJobRequest": ".create_fine_tuning_job_request",
    "CreateFineTuningJobRequestHyperparameters": ".create_fine_tuning_job_request_hyperparameters",
    "CreateFineTuningJobRequestHyperparametersBatchSizeType0": ".create_fine_tuning_job_request_hyperparameters_batch_size_type_0",
    "CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0": ".create_fine_tuning_job_request_hyperparameters_learning_rate_multiplier_type_0",
    "CreateFineTuningJobRequestHyperparametersNEpochsType0": ".create_fine_tuning_job_request_hyperparameters_n_epochs_type_0",
    "CreateFineTuningJobRequestIntegrationsType0Item": ".create_fine_tuning_job_request_integrations_type_0_item",
    "CreateFineTuningJobRequestIntegrationsType0ItemTypeType0": ".create_fine_tuning_job_request_integrations_type_0_item_type_type_0",
    "CreateFineTuningJobRequestIntegrationsType0ItemWandb": ".create_fine_tuning_job_request_integrations_type_0_item_wandb",
    "CreateFineTuningJobRequestModelType1": ".create_fine_tuning_job_request_model_type_1",
    "CreateUploadRequest": ".create_upload_request",
    "CreateUploadRequestPurpose": ".create_upload_request_purpose",
    "CustomTool": ".custom_tool",
    "CustomToolCall": ".custom_tool_call",
    "CustomToolCallCustom": ".custom_tool_call_custom",
    "CustomToolCallType": ".custom_tool_call_type",
    "CustomToolChoice": ".custom_tool_choice",
    "CustomToolChoiceCustom": ".custom_tool_choice_custom",
    "CustomToolChoiceType": ".custom_tool_choice_type",
    "CustomToolCustomToolProperties": ".custom_tool_custom_tool_properties",
    "CustomToolCustomToolPropertiesGrammarFormat": ".custom_tool_custom_tool_properties_grammar_format",
    "CustomToolCustomToolPropertiesGrammarFormatGrammarFormat": ".custom_tool_custom_tool_properties_grammar_format_grammar_format",
    "CustomToolCustomToolPropertiesGrammarFormatGrammarFormatSyntax": ".custom_tool_custom_tool_properties_grammar_format_grammar_format_syntax",
    "CustomToolCustomToolPropertiesGrammarFormatType": ".custom_tool_custom_tool_properties_grammar_format_type",
    "CustomToolCustomToolPropertiesTextFormat": ".custom_tool_custom_tool_properties_text_format",
    "CustomToolCustomToolPropertiesTextFormatType": ".custom_tool_custom_tool_properties_text_format_type",
    "CustomToolType": ".custom_tool_type",
    "DeleteFileResponse": ".delete_file_response",
    "DeleteFileResponseObject": ".delete_file_response_object",
    "DeleteFineTuningCheckpointPermissionResponse": ".delete_fine_tuning_checkpoint_permission_response",
    "DeleteFineTuningCheckpointPermissionResponseObject": ".delete_fine_tuning_checkpoint_permission_response_object",
    "DeleteModelResponse": ".delete_model_response",
    "DeveloperMessage": ".developer_message",
    "DeveloperMessageRole": ".developer_message_role",
    "Embedding": ".embedding",
    "EmbeddingObject": ".embedding_object",
    "Error": ".error",
    "ErrorResponse": ".error_response",
    "EvalMessageObject": ".eval_message_object",
    "EvalMessageObjectRole": ".eval_message_object_role",
    "EvalMessageObjectType": ".eval_message_object_type",
    "FileContentPart": ".file_content_part",
    "FileContentPartFile": ".file_content_part_file",
    "FileContentPartType": ".file_content_part_type",
    "FileExpirationPolicy": ".file_expiration_policy",
    "FileExpirationPolicyAnchor": ".file_expiration_policy_anchor",
    "FineTuneDPOHyperparameters": ".fine_tune_dpo_hyperparameters",
    "FineTuneDPOHyperparametersBatchSizeType0": ".fine_tune_dpo_hyperparameters_batch_size_type_0",
    "FineTuneDPOHyperparametersBetaType0": ".fine_tune_dpo_hyperparameters_beta_type_0",
    "FineTuneDPOHyperparametersLearningRateMultiplierType0": ".fine_tune_dpo_hyperparameters_learning_rate_multiplier_type_0",
    "FineTuneDPOHyperparametersNEpochsType0": ".fine_tune_dpo_hyperparameters_n_epochs_type_0",
    "FineTuneDPOMethod": ".fine_tune_dpo_method",
    "FineTuneMethod": ".fine_tune_method",
    "FineTuneMethodType": ".fine_tune_method_type",
    "FineTuneReinforcementHyperparameters": ".fine_tune_reinforcement_hyperparameters",
    "FineTuneReinforcementHyperparametersBatchSizeType0": ".fine_tune_reinforcement_hyperparameters_batch_size_type_0",
    "FineTuneReinforcementHyperparametersComputeMultiplierType0": ".fine_tune_reinforcement_hyperparameters_compute_multiplier_type_0",
    "FineTuneReinforcementHyperparametersEvalIntervalType0": ".fine_tune_reinforcement_hyperparameters_eval_interval_type_0",
    "FineTuneReinforcementHyperparametersEvalSamplesType0": ".fine_tune_reinforcement_hyperparameters_eval_samples_type_0",
    "FineTuneReinforcementHyperparametersLearningRateMultiplierType0": ".fine_tune_reinforcement_hyperparameters_learning_rate_multiplier_type_0",
    "FineTuneReinforcementHyperparametersNEpochsType0": ".fine_tune_reinforcement_hyperparameters_n_epochs_type_0",
    "FineTuneReinforcementHyperparametersReasoningEffort": ".fine_tune_reinforcement_hyperparameters_reasoning_effort",
    "FineTuneReinforcementMethod": ".fine_tune_reinforcement_method",
    "FineTuneSupervisedHyperparameters": ".fine_tune_supervised_hyperparameters",
    "FineTuneSupervisedHyperparametersBatchSizeType0": ".fine_tune_supervised_hyperparameters_batch_size_type_0",
    "FineTuneSupervisedHyperparametersLearningRateMultiplierType0": ".fine_tune_supervised_hyperparameters_learning_rate_multiplier_type_0",
    "FineTuneSupervisedHyperparametersNEpochsType0": ".fine_tune_supervised_hyperparameters_n_epochs_type_0",
    "FineTuneSupervisedMethod": ".fine_tune_supervised_method",
    "FineTuningCheckpointPermission": ".fine_tuning_checkpoint_permission",
    "FineTuningCheckpointPermissionObject": ".fine_tuning_checkpoint_permission_object",
    "FineTuningJob": ".fine_tuning_job",
    "FineTuningJobCheckpoint": ".fine_tuning_job_checkpoint",
    "FineTuningJobCheckpointMetrics": ".fine_tuning_job_checkpoint_metrics",
    "FineTuningJobCheckpointObject": ".fine_tuning_job_checkpoint_object",
    "FineTuningJobErrorType0": ".fine_tuning_job_error_type_0",
    "FineTuningJobEvent": ".fine_tuning_job_event",
    "FineTuningJobEventDataType0": ".fine_tuning_job_event_data_type_0",
    "FineTuningJobEventLevel": ".fine_tuning_job_event_level",
    "FineTuningJobEventObject": ".fine_tuning_job_event_object",
    "FineTuningJobEventType": ".fine_tuning_job_event_type",
    "FineTuningJobHyperparametersType0": ".fine_tuning_job_hyperparameters_type_0",
    "FineTuningJobHyperparametersType0BatchSizeType0Type0": ".fine_tuning_job_hyperparameters_type_0_batch_size_type_0_type_0",
    "FineTuningJobHyperparametersType0LearningRateMultiplierType0": ".fine_tuning_job_hyperparameters_type_0_learning_rate_multiplier_type_0",
    "FineTuningJobHyperparametersType0NEpochsType0": ".fine_tuning_job_hyperparameters_type_0n_epochs_type_0",
    "FineTuningJobIntegration": ".fine_tuning_job_integration",
    "FineTuningJobIntegrationType": ".fine_tuning_job_integration_type",
    "FineTuningJobIntegrationWandb": ".fine_tuning_job_integration_wandb",
    "FineTuningJobObject": ".fine_tuning_job_object",
    "FineTuningJobStatus": ".fine_tuning_job_status",
    "FunctionMessage": ".function_message",
    "FunctionMessageRole": ".function_message_role",
    "FunctionObject": ".function_object",
    "FunctionParameters": ".function_parameters",
    "FunctionTool": ".function_tool",
    "FunctionToolCall": ".function_tool_call",
    "FunctionToolCallFunction": ".function_tool_call_function",
    "FunctionToolCallType": ".function_tool_call_type",
    "FunctionToolChoice": ".function_tool_choice",
    "FunctionToolChoiceFunction": ".function_tool_choice_function",
    "FunctionToolChoiceType": ".function_tool_choice_type",
    "FunctionToolType": ".function_tool_type",
    "ImageContentPart": ".image_content_part",
    "ImageContentPartImageUrl": ".image_content_part_image_url",
    "ImageContentPartImageUrlDetail": ".image_content_part_image_url_detail",
    "ImageContentPartType": ".image_content_part_type",
    "InputAudio": ".input_audio",
    "InputAudioInputAudio": ".input_audio_input_audio",
    "InputAudioInputAudioFormat": ".input_audio_input_audio_format",
    "InputAudioType": ".input_audio_type",
    "InputImage": ".input_image",
    "InputImageType": ".input_image_type",
    "InputText": ".input_text",
    "InputTextType": ".input_text_type",
    "JSONObject": ".json_object",
    "JSONObjectType": ".json_object_type",
    "JSONSchema": ".json_schema",
    "JSONSchemaJSONSchema": ".json_schema_json_schema",
    "JSONSchemaType": ".json_schema_type",
    "LabelModelGrader": ".label_model_grader",
    "LabelModelGraderType": ".label_model_grader_type",
    "ListFilesOrder": ".list_files_order",
    "ListFilesResponse": ".list_files_response",
    "ListFineTuningCheckpointPermissionResponse": ".list_fine_tuning_checkpoint_permission_response",
    "ListFineTuningCheckpointPermissionResponseObject": ".list_fine_tuning_checkpoint_permission_response_object",
    "ListFineTuningCheckpointPermissionsOrder": ".list_fine_tuning_checkpoint_permissions_order",
    "ListFineTuningJobCheckpointsResponse": ".list_fine_tuning_job_checkpoints_response",
    "ListFineTuningJobCheckpointsResponseObject": ".list_fine_tuning_job_checkpoints_response_object",
    "ListFineTuningJobEventsResponse": ".list_fine_tuning_job_events_response",
    "ListFineTuningJobEventsResponseObject": ".list_fine_tuning_job_events_response_object",
    "ListModelsResponse": ".list_models_response",
    "ListModelsResponseObject": ".list_models_response_object",
    "ListPaginatedFineTuningJobsMetadataType0": ".list_paginated_fine_tuning_jobs_metadata_type_0",
    "ListPaginatedFineTuningJobsResponse": ".list_paginated_fine_tuning_jobs_response",
    "ListPaginatedFineTuningJobsResponseObject": ".list_paginated_fine_tuning_jobs_response_object",
    "MetadataType0": ".metadata_type_0",
    "Model": ".model",
    "ModelObject": ".model_object",
    "MultiGrader": ".multi_grader",
    "MultiGraderGraderMultiGraders": ".multi_grader_grader_multi_graders",
    "MultiGraderType": ".multi_grader_type",
    "OpenAIFile": ".open_ai_file",
    "OpenAIFileObject": ".open_ai_file_object",
    "OpenAIFilePurpose": ".open_ai_file_purpose",
    "OpenAIFileStatus": ".open_ai_file_status",
    "OutputText": ".output_text",
    "OutputTextType": ".output_text_type",
    "PromptCacheBreakpoint": ".prompt_cache_breakpoint",
    "PromptCacheBreakpointMode": ".prompt_cache_breakpoint_mode",
    "PythonGrader": ".python_grader",
    "PythonGraderType": ".python_grader_type",
    "ReasoningEffortType0": ".reasoning_effort_type_0",
    "RefusalContentPart": ".refusal_content_part",
    "RefusalContentPartType": ".refusal_content_part_type",
    "ResponseFormatJsonSchemaSchema": ".response_format_json_schema_schema",
    "RunGraderRequest": ".run_grader_request",
    "RunGraderRequestItem": ".run_grader_request_item",
    "RunGraderResponse": ".run_grader_response",
    "RunGraderResponseMetadata": ".run_grader_response_metadata",
    "RunGraderResponseMetadataErrors": ".run_grader_response_metadata_errors",
    "RunGraderResponseMetadataScores": ".run_grader_response_metadata_scores",
    "RunGraderResponseMetadataTokenUsageType2": ".run_grader_response_metadata_token_usage_type_2",
    "RunGraderResponseModelGraderTokenUsagePerModel": ".run_grader_response_model_grader_token_usage_per_model",
    "RunGraderResponseSubRewards": ".run_grader_response_sub_rewards",
    "ScoreModelGrader": ".score_model_grader",
    "ScoreModelGraderSamplingParams": ".score_model_grader_sampling_params",
    "ScoreModelGraderType": ".score_model_grader_type",
    "StringCheckGrader": ".string_check_grader",
    "StringCheckGraderOperation": ".string_check_grader_operation",
    "StringCheckGraderType": ".string_check_grader_type",
    "SystemMessage": ".system_message",
    "SystemMessageRole": ".system_message_role",
    "Text": ".text",
    "TextContentPart": ".text_content_part",
    "TextContentPartType": ".text_content_part_type",
    "TextSimilarityGrader": ".text_similarity_grader",
    "TextSimilarityGraderEvaluationMetric": ".text_similarity_grader_evaluation_metric",
    "TextSimilarityGraderType": ".text_similarity_grader_type",
    "TextType": ".text_type",
    "ToolChoiceMode": ".tool_choice_mode",
    "ToolMessage": ".tool_message",
    "ToolMessageRole": ".tool_message_role",
    "Upload": ".upload",
    "UploadObject": ".upload_object",
    "UploadPart": ".upload_part",
    "UploadPartObject": ".upload_part_object",
    "UploadStatus": ".upload_status",
    "UserMessage": ".user_message",
    "UserMessageRole": ".user_message_role",
    "ValidateGraderRequest": ".validate_grader_request",
    "ValidateGraderResponse": ".validate_grader_response",
}

__all__ = (
    "AddUploadPartRequest",
    "AllowedTools",
    "AllowedToolsMode",
    "AllowedToolsToolsItem",
    "AssistantMessage",
    "AssistantMessageRole",
    "AudioContentPart",
    "AudioContentPartInputAudio",
    "AudioContentPartInputAudioFormat",
    "AudioContentPartType",
    "ChatCompletionAllowedToolsChoice",
    "ChatCompletionAllowedToolsChoiceType",
    "ChatCompletionResponseMessage",
    "ChatCompletionResponseMessageRole",
    "CompleteUploadRequest",
    "CompletionUsage",
    "CompletionUsageCompletionTokensDetails",
    "CompletionUsagePromptTokensDetails",
    "CreateChatCompletionRequest",
    "CreateChatCompletionResponse",
    "CreateChatCompletionResponseChoicesItem",
    "CreateChatCompletionResponseChoicesItemFinishReason",
    "CreateChatCompletionResponseObject",
    "CreateEmbeddingRequest",
    "CreateEmbeddingRequestEncodingFormat",
    "CreateEmbeddingResponse",
    "CreateEmbeddingResponseObject",
    "CreateEmbeddingResponseUsage",
    "CreateFileRequest",
    "CreateFileRequestPurpose",
    "CreateFineTuningCheckpointPermissionRequest",
    "CreateFineTuningJobRequest",
    "CreateFineTuningJobRequestHyperparameters",
    "CreateFineTuningJobRequestHyperparametersBatchSizeType0",
    "CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0",
    "CreateFineTuningJobRequestHyperparametersNEpochsType0",
    "CreateFineTuningJobRequestIntegrationsType0Item",
    "CreateFineTuningJobRequestIntegrationsType0ItemTypeType0",
    "CreateFineTuningJobRequestIntegrationsType0ItemWandb",
    "CreateFineTuningJobRequestModelType1",
    "CreateUploadRequest",
    "CreateUploadRequestPurpose",
    "CustomTool",
    "CustomToolCall",
    "CustomToolCallCustom",
    "CustomToolCallType",
    "CustomToolChoice",
    "CustomToolChoiceCustom",
    "CustomToolChoiceType",
    "CustomToolCustomToolProperties",
    "CustomToolCustomToolPropertiesGrammarFormat",
    "CustomToolCustomToolPropertiesGrammarFormatGrammarFormat",
    "CustomToolCustomToolPropertiesGrammarFormatGrammarFormatSyntax",
    "CustomToolCustomToolPropertiesGrammarFormatType",
    "CustomToolCustomToolPropertiesTextFormat",
    "CustomToolCustomToolPropertiesTextFormatType",
    "CustomToolType",
    "DeleteFileResponse",
    "DeleteFileResponseObject",
    "DeleteFineTuningCheckpointPermissionResponse",
    "DeleteFineTuningCheckpointPermissionResponseObject",
    "DeleteModelResponse",
    "DeveloperMessage",
    "DeveloperMessageRole",
    "Embedding",
    "EmbeddingObject",
    "Error",
    "ErrorResponse",
    "EvalMessageObject",
    "EvalMessageObjectRole",
    "EvalMessageObjectType",
    "FileContentPart",
    "FileContentPartFile",
    "FileContentPartType",
    "FileExpirationPolicy",
    "FileExpirationPolicyAnchor",
    "FineTuneDPOHyperparameters",
    "FineTuneDPOHyperparametersBatchSizeType0",
    "FineTuneDPOHyperparametersBetaType0",
    "FineTuneDPOHyperparametersLearningRateMultiplierType0",
    "FineTuneDPOHyperparametersNEpochsType0",
    "FineTuneDPOMethod",
    "FineTuneMethod",
    "FineTuneMethodType",
    "FineTuneReinforcementHyperparameters",
    "FineTuneReinforcementHyperparametersBatchSizeType0",
    "FineTuneReinforcementHyperparametersComputeMultiplierType0",
    "FineTuneReinforcementHyperparametersEvalIntervalType0",
    "FineTuneReinforcementHyperparametersEvalSamplesType0",
    "FineTuneReinforcementHyperparametersLearningRateMultiplierType0",
    "FineTuneReinforcementHyperparametersNEpochsType0",
    "FineTuneReinforcementHyperparametersReasoningEffort",
    "FineTuneReinforcementMethod",
    "FineTuneSupervisedHyperparameters",
    "FineTuneSupervisedHyperparametersBatchSizeType0",
    "FineTuneSupervisedHyperparametersLearningRateMultiplierType0",
    "FineTuneSupervisedHyperparametersNEpochsType0",
    "FineTuneSupervisedMethod",
    "FineTuningCheckpointPermission",
    "FineTuningCheckpointPermissionObject",
    "FineTuningJob",
    "FineTuningJobCheckpoint",
    "FineTuningJobCheckpointMetrics",
    "FineTuningJobCheckpointObject",
    "FineTuningJobErrorType0",
    "FineTuningJobEvent",
    "FineTuningJobEventDataType0",
    "FineTuningJobEventLevel",
    "FineTuningJobEventObject",
    "FineTuningJobEventType",
    "FineTuningJobHyperparametersType0",
    "FineTuningJobHyperparametersType0BatchSizeType0Type0",
    "FineTuningJobHyperparametersType0LearningRateMultiplierType0",
    "FineTuningJobHyperparametersType0NEpochsType0",
    "FineTuningJobIntegration",
    "FineTuningJobIntegrationType",
    "FineTuningJobIntegrationWandb",
    "FineTuningJobObject",
    "FineTuningJobStatus",
    "FunctionMessage",
    "FunctionMessageRole",
    "FunctionObject",
    "FunctionParameters",
    "FunctionTool",
    "FunctionToolCall",
    "FunctionToolCallFunction",
    "FunctionToolCallType",
    "FunctionToolChoice",
    "FunctionToolChoiceFunction",
    "FunctionToolChoiceType",
    "FunctionToolType",
    "ImageContentPart",
    "ImageContentPartImageUrl",
    "ImageContentPartImageUrlDetail",
    "ImageContentPartType",
    "InputAudio",
    "InputAudioInputAudio",
    "InputAudioInputAudioFormat",
    "InputAudioType",
    "InputImage",
    "InputImageType",
    "InputText",
    "InputTextType",
    "JSONObject",
    "JSONObjectType",
    "JSONSchema",
    "JSONSchemaJSONSchema",
    "JSONSchemaType",
    "LabelModelGrader",
    "LabelModelGraderType",
    "ListFilesOrder",
    "ListFilesResponse",
    "ListFineTuningCheckpointPermissionResponse",
    "ListFineTuningCheckpointPermissionResponseObject",
    "ListFineTuningCheckpointPermissionsOrder",
    "ListFineTuningJobCheckpointsResponse",
    "ListFineTuningJobCheckpointsResponseObject",
    "ListFineTuningJobEventsResponse",
    "ListFineTuningJobEventsResponseObject",
    "ListModelsResponse",
    "ListModelsResponseObject",
    "ListPaginatedFineTuningJobsMetadataType0",
    "ListPaginatedFineTuningJobsResponse",
    "ListPaginatedFineTuningJobsResponseObject",
    "MetadataType0",
    "Model",
    "ModelObject",
    "MultiGrader",
    "MultiGraderGraderMultiGraders",
    "MultiGraderType",
    "OpenAIFile",
    "OpenAIFileObject",
    "OpenAIFilePurpose",
    "OpenAIFileStatus",
    "OutputText",
    "OutputTextType",
    "PromptCacheBreakpoint",
    "PromptCacheBreakpointMode",
    "PythonGrader",
    "PythonGraderType",
    "ReasoningEffortType0",
    "RefusalContentPart",
    "RefusalContentPartType",
    "ResponseFormatJsonSchemaSchema",
    "RunGraderRequest",
    "RunGraderRequestItem",
    "RunGraderResponse",
    "RunGraderResponseMetadata",
    "RunGraderResponseMetadataErrors",
    "RunGraderResponseMetadataScores",
    "RunGraderResponseMetadataTokenUsageType2",
    "RunGraderResponseModelGraderTokenUsagePerModel",
    "RunGraderResponseSubRewards",
    "ScoreModelGrader",
    "ScoreModelGraderSamplingParams",
    "ScoreModelGraderType",
    "StringCheckGrader",
    "StringCheckGraderOperation",
    "StringCheckGraderType",
    "SystemMessage",
    "SystemMessageRole",
    "Text",
    "TextContentPart",
    "TextContentPartType",
    "TextSimilarityGrader",
    "TextSimilarityGraderEvaluationMetric",
    "TextSimilarityGraderType",
    "TextType",
    "ToolChoiceMode",
    "ToolMessage",
    "ToolMessageRole",
    "Upload",
    "UploadObject",
    "UploadPart",
    "UploadPartObject",
    "UploadStatus",
    "UserMessage",
    "UserMessageRole",
    "ValidateGraderRequest",
    "ValidateGraderResponse",
)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
