#include <iostream> // POCO_SERVER_MAIN writes to std::cerr in release builds
#include "HostApp.h"

POCO_SERVER_MAIN(refhost::HostApp)
