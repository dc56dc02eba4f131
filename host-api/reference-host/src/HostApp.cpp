#include "HostApp.h"

#include "AccessPolicy.h"
#include "Host.h"
#include "SeedDemo.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Environment.h>
#include <Poco/FormattingChannel.h>
#include <Poco/NumberParser.h>
#include <Poco/PatternFormatter.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <ctime>
#include <iostream>

namespace refhost {

using Poco::Util::Option;

void HostApp::initialize(Poco::Util::Application& self) {
    ServerApplication::initialize(self);
    if (!config().has("logging.loggers.root.channel")) {
        // Without logging settings, still say when and from which component each line comes.
        Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S %p %s: %t"));
        Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
        Poco::Logger::root().setChannel(channel);
        for (const auto* name : {"helpdesk.host", "helpdesk.host.db", "helpdesk.host.http", "helpdesk.host.plugins"}) {
            Poco::Logger::get(name).setChannel(channel);
        }
    }
    // Pages show times in the installation's zone; the C library reads it from TZ.
    if (!Poco::Environment::has("TZ")) {
        Poco::Environment::set("TZ", config().getString("timezone", "America/Santiago"));
        tzset();
    }
}

void HostApp::defineOptions(Poco::Util::OptionSet& options) {
    ServerApplication::defineOptions(options);
    options.addOption(Option("help", "h", "muestra esta ayuda").required(false).repeatable(false));
    options.addOption(
        Option("config", "c", "archivo .properties de configuración").required(false).repeatable(false).argument("FILE"));
    // Arguments of the CLI commands; stored in the configuration under cli.*.
    for (const char* name : {"user", "label", "days", "login", "password", "role", "name"}) {
        options.addOption(Option(name, "", std::string("argumento --") + name + " de los comandos")
                              .required(false)
                              .repeatable(false)
                              .argument("VALUE"));
    }
}

void HostApp::handleOption(const std::string& name, const std::string& value) {
    ServerApplication::handleOption(name, value);
    if (name == "help") {
        helpRequested_ = true;
        stopOptionsProcessing();
    } else if (name == "config") {
        configFile_ = value;
        loadConfiguration(value);
    } else {
        config().setString("cli." + name, value);
    }
}

void HostApp::showHelp() const {
    Poco::Util::HelpFormatter help(options());
    help.setCommand(commandName());
    help.setUsage(
        "[--config=FILE] [serve | seed-demo | token create --user U [--label L] [--days 30|90|365] | "
        "user add --login L --password P --role administrator|agent [--name N]]");
    help.setHeader("Servidor de mesa de ayuda de referencia.");
    help.format(std::cout);
}

int HostApp::main(const ArgVec& args) {
    if (helpRequested_) {
        showHelp();
        return EXIT_OK;
    }
    try {
        if (args.empty() || args[0] == "serve") return serve();
        return command(args);
    } catch (const Poco::Exception& e) {
        logger().fatal(e.displayText());
        std::cerr << "error: " << e.displayText() << "\n";
        return EXIT_SOFTWARE;
    } catch (const std::exception& e) {
        logger().fatal(e.what());
        std::cerr << "error: " << e.what() << "\n";
        return EXIT_SOFTWARE;
    }
}

namespace {
// The signals `serve` waits for. Blocked before the host starts any thread, so every thread
// inherits the mask and each of these reaches the waiting main thread only, even one that
// arrives while a reload runs.
sigset_t servingSignals() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGQUIT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
    return set;
}
} // namespace

int HostApp::serve() {
    const sigset_t signals = servingSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    Host host(config());
    host.start();
    waitServing();
    logger().information("stopping");
    host.stop();
    return EXIT_OK;
}

// Written by hand because Poco's waitForTerminationRequest() waits for SIGINT, SIGQUIT and SIGTERM
// only: a SIGHUP then took the default action and ended the host at once, without draining the
// plugins' workers. The same sigwait, with SIGHUP added to the set.
void HostApp::waitServing() {
    const sigset_t set = servingSignals();
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0) continue;
        if (sig != SIGHUP) return;
        reload();
    }
}

void HostApp::reload() {
    if (configFile_.empty()) {
        logger().information("reload: started without --config; nothing to reread");
        return;
    }
    try {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> fresh(new Poco::Util::PropertyFileConfiguration(configFile_));
        // The root level for every logger, then each logger's own level (logging.loggers.<key>.name
        // and .level), as the configuration at start applied them.
        const std::string level = fresh->getString("logging.loggers.root.level", "information");
        Poco::Logger::setLevel("", Poco::Logger::parseLevel(level));
        Poco::Util::AbstractConfiguration::Keys loggers;
        fresh->keys("logging.loggers", loggers);
        for (const auto& key : loggers) {
            const std::string prefix = "logging.loggers." + key;
            if (key == "root" || !fresh->has(prefix + ".name") || !fresh->has(prefix + ".level")) continue;
            Poco::Logger::setLevel(fresh->getString(prefix + ".name"),
                                   Poco::Logger::parseLevel(fresh->getString(prefix + ".level")));
        }
        logger().notice("reload: %s reread; log level %s. Other settings apply at the next restart.", configFile_, level);
    } catch (const Poco::Exception& e) {
        logger().error("reload: %s not applied, the running settings stay: %s", configFile_, e.displayText());
    }
}

int HostApp::command(const ArgVec& args) {
    Host host(config());
    host.openStorage();
    auto& services = host.services();
    const auto cli = [this](const std::string& name) { return config().getString("cli." + name, ""); };
    if (args[0] == "seed-demo" && args.size() == 1) {
        seedDemo(services, std::cout);
        std::cout << "datos de demostración listos\n";
        return EXIT_OK;
    }
    if (args[0] == "token" && args.size() == 2 && args[1] == "create") {
        auto user = services.directory.userByLogin(cli("user"));
        if (!user) {
            std::cerr << "error: el usuario «" << cli("user") << "» no existe (use --user NOMBRE)\n";
            return EXIT_DATAERR;
        }
        int days = kApiTokenDays[0];
        if (!cli("days").empty() && !Poco::NumberParser::tryParse(cli("days"), days)) days = 0;
        try {
            // Printed once on stdout only; it is never logged.
            std::cout << services.auth.createApiToken(user->id, cli("label"), days) << "\n";
        } catch (const std::invalid_argument& e) {
            std::cerr << "error: " << e.what() << "\n";
            return EXIT_USAGE;
        }
        return EXIT_OK;
    }
    if (args[0] == "user" && args.size() == 2 && args[1] == "add") {
        auto role = parseRole(cli("role"));
        if (!role) {
            std::cerr << "error: --role debe ser administrator o agent\n";
            return EXIT_USAGE;
        }
        try {
            const long long id = services.auth.addUser(cli("login"), cli("name"), *role, cli("password"));
            std::cout << "usuario creado: " << cli("login") << " (id " << id << ")\n";
        } catch (const std::invalid_argument& e) {
            std::cerr << "error: " << e.what() << "\n";
            return EXIT_DATAERR;
        }
        return EXIT_OK;
    }
    std::cerr << "error: comando desconocido. Use --help.\n";
    return EXIT_USAGE;
}

} // namespace refhost
