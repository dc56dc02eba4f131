#include "HostApp.h"

POCO_SERVER_MAIN(refhost::HostApp)
