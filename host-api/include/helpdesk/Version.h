#pragma once
// The host/plugin contract version. A host loads a plugin only when the plugin was built against
// the same MAJOR version. MINOR is for additions that change no existing type's layout (a new
// free function, a new header); a new virtual member or a new field in a value struct changes the
// layout both sides compile in, so it raises MAJOR.
// 2.0: Tickets::find, findOpenByPhone, addInbound (reopens a closed ticket), addPanel;
//      NewTicket::subject.
#define HELPDESK_HOST_API_VERSION_MAJOR 2
#define HELPDESK_HOST_API_VERSION_MINOR 0
#define HELPDESK_HOST_API_VERSION (HELPDESK_HOST_API_VERSION_MAJOR * 1000 + HELPDESK_HOST_API_VERSION_MINOR)

namespace helpdesk {
constexpr int hostApiMajor(int version) { return version / 1000; }
} // namespace helpdesk
