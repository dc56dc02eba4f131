#pragma once
// The one vocabulary of API error codes: the `error` field of every `{"error", "message", "details"}`
// answer of the module's routes. Codes are English snake_case and stable; the Spanish text for people
// goes in `message`. Rules:
//  - one code per meaning, whatever the HTTP status it travels with;
//  - a resource addressed by id that does not exist is `<resource>_not_found`; `not_found` alone is
//    an address that matches no route (answered by the host);
//  - a new code is added here, to kAll, and to the `Error` schema of templates/api/openapi-head.yaml
//    (the contract test compares the three).
// Nothing outside the module reads these codes yet, so they change without compatibility aliases.
#include <array>
#include <string_view>

namespace campaigns::web::codes {

// Request shape (any route).
inline constexpr const char* kInvalidJson = "invalid_json";
inline constexpr const char* kValidationFailed = "validation_failed";
inline constexpr const char* kInvalidParameter = "invalid_parameter";
inline constexpr const char* kInvalidId = "invalid_id";
inline constexpr const char* kPayloadTooLarge = "payload_too_large"; // also helpdesk::payloadTooLarge()
inline constexpr const char* kInvalidIdempotencyKey = "invalid_idempotency_key";
inline constexpr const char* kIdempotencyKeyReused = "idempotency_key_reused";
inline constexpr const char* kIdempotencyInProgress = "idempotency_in_progress";

// Resources addressed by id.
inline constexpr const char* kAccountNotFound = "account_not_found";
inline constexpr const char* kCampaignNotFound = "campaign_not_found";
inline constexpr const char* kDepartmentNotFound = "department_not_found";
inline constexpr const char* kEntryNotFound = "entry_not_found";
inline constexpr const char* kImageNotFound = "image_not_found";
inline constexpr const char* kTemplateNotFound = "template_not_found";
inline constexpr const char* kUploadNotFound = "upload_not_found";
inline constexpr const char* kWabaNotFound = "waba_not_found";

// Files sent to the module (uploads, images, suppression lists).
inline constexpr const char* kMultipartRequired = "multipart_required";
inline constexpr const char* kInvalidMultipart = "invalid_multipart";
inline constexpr const char* kMoreThanOneFile = "more_than_one_file";
inline constexpr const char* kEmptyFile = "empty_file";
inline constexpr const char* kFileTooLarge = "file_too_large";
inline constexpr const char* kUploadNotStored = "upload_not_stored";
inline constexpr const char* kUploadAlreadyUsed = "upload_already_used";
inline constexpr const char* kUnsupportedImage = "unsupported_image";
inline constexpr const char* kImageRequired = "image_required";
inline constexpr const char* kImageRejected = "image_rejected";
inline constexpr const char* kInvalidRows = "invalid_rows";
// Raised by the upload readers (plugin/uploads, FileRejected::code) and answered as the API code.
inline constexpr const char* kCellTooLarge = "cell_too_large";
inline constexpr const char* kTooManyColumns = "too_many_columns";
inline constexpr const char* kTooManyRows = "too_many_rows";
inline constexpr const char* kCsvUnterminatedQuote = "csv_unterminated_quote";
inline constexpr const char* kInvalidEncoding = "invalid_encoding";
inline constexpr const char* kInvalidXml = "invalid_xml";
inline constexpr const char* kXmlTokenTooLarge = "xml_token_too_large";
inline constexpr const char* kNoSheet = "no_sheet";
inline constexpr const char* kNotSpreadsheet = "not_spreadsheet";
inline constexpr const char* kNotXlsx = "not_xlsx";
inline constexpr const char* kXlsNotSupported = "xls_not_supported";
inline constexpr const char* kOdsNotSupported = "ods_not_supported";
inline constexpr const char* kXlsxUnsupported = "xlsx_unsupported";
inline constexpr const char* kNotText = "not_text";
inline constexpr const char* kFileTruncated = "file_truncated";
inline constexpr const char* kFileCorrupt = "file_corrupt";
inline constexpr const char* kZipBomb = "zip_bomb";
inline constexpr const char* kXmlDoctype = "xml_doctype";

// Campaigns, templates and accounts in the wrong state for the request.
inline constexpr const char* kTemplateRequired = "template_required";
inline constexpr const char* kTemplateNotApproved = "template_not_approved";
inline constexpr const char* kTemplateNotAvailable = "template_not_available";
inline constexpr const char* kTemplateAccountMismatch = "template_account_mismatch";
inline constexpr const char* kSuppressedOnlyForUtility = "suppressed_only_for_utility";
inline constexpr const char* kAccountDisabled = "account_disabled";
inline constexpr const char* kNeedsCredentials = "needs_credentials";
inline constexpr const char* kDuplicatePhoneNumberId = "duplicate_phone_number_id";
inline constexpr const char* kInvalidState = "invalid_state";
inline constexpr const char* kRenameNotAllowed = "rename_not_allowed";
inline constexpr const char* kNoErrorFile = "no_error_file";
inline constexpr const char* kResultsNotAvailable = "results_not_available";
inline constexpr const char* kNothingToRetry = "nothing_to_retry";
inline constexpr const char* kRetryAttemptChanged = "retry_attempt_changed";
inline constexpr const char* kDailyLimit = "daily_limit";
// Meta reported the number restricted or RED, or the template RED: a campaign does not start.
inline constexpr const char* kQualityHold = "quality_hold";
inline constexpr const char* kAlreadySuppressed = "already_suppressed";
inline constexpr const char* kNotSuppressed = "not_suppressed";
inline constexpr const char* kSuppressionNotStored = "suppression_not_stored";
inline constexpr const char* kTooManyLiveConnections = "too_many_live_connections";
// Plan and schedule a send (issue 13): "Programar envío", send windows, approval.
inline constexpr const char* kInvalidStartAt = "invalid_start_at";
inline constexpr const char* kStartAtInPast = "start_at_in_past";
inline constexpr const char* kStartAtSkipped = "start_at_skipped";
inline constexpr const char* kStartAtAmbiguous = "start_at_ambiguous";
inline constexpr const char* kInvalidSendWindow = "invalid_send_window";
inline constexpr const char* kApprovalRequired = "approval_required";
inline constexpr const char* kSelfApproval = "self_approval";
// Pre-send plan and "Enviar prueba" (issue 13).
inline constexpr const char* kTestMessageNotFound = "test_message_not_found";
inline constexpr const char* kTooManyTestMessages = "too_many_test_messages";
inline constexpr const char* kInvalidPriceFile = "invalid_price_file";
// "Programar en tandas" (issue 13): the campaign fits in the WABA's limit; the normal send does.
inline constexpr const char* kWavesNotNeeded = "waves_not_needed";

// Calls to Meta's Graph API that failed.
inline constexpr const char* kConnectionFailed = "connection_failed";
inline constexpr const char* kSyncFailed = "sync_failed";

// Answered by the host for any route before or around the module's handler (reference host spelling).
inline constexpr const char* kNotFound = "not_found";
inline constexpr const char* kMethodNotAllowed = "method_not_allowed";
inline constexpr const char* kUnauthenticated = "unauthenticated";
inline constexpr const char* kInvalidToken = "invalid_token";
inline constexpr const char* kForbidden = "forbidden";
inline constexpr const char* kInvalidCsrfToken = "invalid_csrf_token";
inline constexpr const char* kInvalidRequest = "invalid_request";
inline constexpr const char* kInvalidUri = "invalid_uri";
inline constexpr const char* kInternalError = "internal_error";

// Every code above, for the contract test and documentation checks.
inline constexpr auto kAll = std::to_array<std::string_view>({kInvalidJson,
                                                              kValidationFailed,
                                                              kInvalidParameter,
                                                              kInvalidId,
                                                              kPayloadTooLarge,
                                                              kInvalidIdempotencyKey,
                                                              kIdempotencyKeyReused,
                                                              kIdempotencyInProgress,
                                                              kAccountNotFound,
                                                              kCampaignNotFound,
                                                              kDepartmentNotFound,
                                                              kEntryNotFound,
                                                              kImageNotFound,
                                                              kTemplateNotFound,
                                                              kUploadNotFound,
                                                              kWabaNotFound,
                                                              kMultipartRequired,
                                                              kInvalidMultipart,
                                                              kMoreThanOneFile,
                                                              kEmptyFile,
                                                              kFileTooLarge,
                                                              kUploadNotStored,
                                                              kUploadAlreadyUsed,
                                                              kUnsupportedImage,
                                                              kImageRequired,
                                                              kImageRejected,
                                                              kInvalidRows,
                                                              kCellTooLarge,
                                                              kTooManyColumns,
                                                              kTooManyRows,
                                                              kCsvUnterminatedQuote,
                                                              kInvalidEncoding,
                                                              kInvalidXml,
                                                              kXmlTokenTooLarge,
                                                              kNoSheet,
                                                              kNotSpreadsheet,
                                                              kNotXlsx,
                                                              kXlsNotSupported,
                                                              kOdsNotSupported,
                                                              kXlsxUnsupported,
                                                              kNotText,
                                                              kFileTruncated,
                                                              kFileCorrupt,
                                                              kZipBomb,
                                                              kXmlDoctype,
                                                              kTemplateRequired,
                                                              kTemplateNotApproved,
                                                              kTemplateNotAvailable,
                                                              kTemplateAccountMismatch,
                                                              kSuppressedOnlyForUtility,
                                                              kAccountDisabled,
                                                              kNeedsCredentials,
                                                              kDuplicatePhoneNumberId,
                                                              kInvalidState,
                                                              kRenameNotAllowed,
                                                              kNoErrorFile,
                                                              kResultsNotAvailable,
                                                              kNothingToRetry,
                                                              kRetryAttemptChanged,
                                                              kDailyLimit,
                                                              kQualityHold,
                                                              kAlreadySuppressed,
                                                              kNotSuppressed,
                                                              kSuppressionNotStored,
                                                              kTooManyLiveConnections,
                                                              kInvalidStartAt,
                                                              kStartAtInPast,
                                                              kStartAtSkipped,
                                                              kStartAtAmbiguous,
                                                              kInvalidSendWindow,
                                                              kApprovalRequired,
                                                              kSelfApproval,
                                                              kTestMessageNotFound,
                                                              kTooManyTestMessages,
                                                              kInvalidPriceFile,
                                                              kWavesNotNeeded,
                                                              kConnectionFailed,
                                                              kSyncFailed,
                                                              kNotFound,
                                                              kMethodNotAllowed,
                                                              kUnauthenticated,
                                                              kInvalidToken,
                                                              kForbidden,
                                                              kInvalidCsrfToken,
                                                              kInvalidRequest,
                                                              kInvalidUri,
                                                              kInternalError});

} // namespace campaigns::web::codes
