#pragma once
// The host/plugin contract version. A host loads a plugin only when the plugin was built against
// the same MAJOR version; MINOR additions are backwards compatible (new optional members at the
// end of value structs, new services reached through HostContext).
#define HELPDESK_HOST_API_VERSION_MAJOR 1
#define HELPDESK_HOST_API_VERSION_MINOR 0
#define HELPDESK_HOST_API_VERSION (HELPDESK_HOST_API_VERSION_MAJOR * 1000 + HELPDESK_HOST_API_VERSION_MINOR)

namespace helpdesk {
constexpr int hostApiMajor(int version) { return version / 1000; }
}
