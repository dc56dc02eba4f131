#pragma once
// The accounts API's JSON shapes. Secrets only travel inwards: an answer carries their last four
// characters, never the values.
#include "accounts/Account.h"
#include "cloudapi/CloudApiTypes.h"
#include "web/ApiRequest.h"

#include <Poco/JSON/Object.h>

#include <vector>

namespace campaigns::accounts {

Poco::JSON::Object accountJson(const AccountView& account);

// A new account from a POST body; absent optional fields take Account's defaults. Type and
// validation problems are appended with the API's field names.
Account accountFromJson(const Poco::JSON::Object& body, std::vector<web::FieldProblem>& problems);

// An edit from a PATCH body. An absent or empty secret keeps the stored one, because the form
// shows secrets empty and only sends what the administrator typed.
AccountPatch patchFromJson(const Poco::JSON::Object& body, std::vector<web::FieldProblem>& problems);

// validateAccount's problems with the API's field names ("phoneNumberId" -> "phone_number_id").
std::vector<web::FieldProblem> validationProblems(const Account& account);

// Where an account's access token may be sent (issue 15): the Graph API base URL must be https
// unless `allowHttp` (the plugin setting accounts.allow_http_graph_base_url, for the simulator in
// development); and an edit that changes the URL of a stored account must carry the access token
// typed again, or "Probar conexión" would send the stored token to the new host.
// `current` is the stored account (none on create); `tokenTyped` whether the request carries one.
std::vector<web::FieldProblem> endpointProblems(const Account* current, const Account& next, bool tokenTyped, bool allowHttp);

// What the Cloud API client needs of an account.
cloudapi::AccountEndpoint endpointOf(const Account& account);

Poco::JSON::Object phoneNumberInfoJson(const cloudapi::PhoneNumberInfo& info, const Account& account);

} // namespace campaigns::accounts
