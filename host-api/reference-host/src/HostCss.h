#pragma once

namespace refhost {
// The host's single stylesheet, served at /static/host.css.
const char* hostCss();
} // namespace refhost
