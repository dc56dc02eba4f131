// campaigns-fault-proxy --upstream=127.0.0.1:<port> [--port=<p>] [--control-port=<p>]
// Runs FaultProxy (FaultProxy.h) until SIGINT/SIGTERM, starting in mode `pass`, with its HTTP
// control port (FaultProxyControl.h). Prints "LISTENING <port> CONTROL <port>" once both are
// bound, so a test can start it with port 0 and read the ports.
#include "FaultProxy.h"
#include "FaultProxyControl.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <pthread.h>

#include <csignal>
#include <iostream>

namespace {

class FaultProxyApp : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override {
        ServerApplication::defineOptions(options);
        options.addOption(Poco::Util::Option("upstream", "u", "host:port to relay to").required(true).argument("address"));
        options.addOption(Poco::Util::Option("port", "p", "listen port, 0 = ephemeral (default)").argument("port"));
        options.addOption(Poco::Util::Option("control-port", "c", "control port, 0 = ephemeral (default)").argument("port"));
    }

    void handleOption(const std::string& name, const std::string& value) override {
        ServerApplication::handleOption(name, value);
        if (name == "upstream") upstream_ = value;
        if (name == "port") port_ = static_cast<Poco::UInt16>(Poco::NumberParser::parseUnsigned(value));
        if (name == "control-port") controlPort_ = static_cast<Poco::UInt16>(Poco::NumberParser::parseUnsigned(value));
    }

    int main(const std::vector<std::string>&) override {
        // Blocked before any thread starts, so a SIGTERM right after LISTENING waits for
        // waitForTerminationRequest() instead of killing the process (as in cloud-api-sim).
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGQUIT);
        sigaddset(&signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);

        testsupport::FaultProxy proxy(Poco::Net::SocketAddress(upstream_), port_);
        proxy.start();
        Poco::Net::ServerSocket controlSocket(Poco::Net::SocketAddress("127.0.0.1", controlPort_));
        Poco::Net::HTTPServer control(new testsupport::FaultProxyControl(proxy), controlSocket, new Poco::Net::HTTPServerParams);
        control.start();
        std::cout << "LISTENING " << proxy.port() << " CONTROL " << controlSocket.address().port() << std::endl;
        waitForTerminationRequest();
        control.stop();
        proxy.stop();
        return EXIT_OK;
    }

private:
    std::string upstream_;
    Poco::UInt16 port_ = 0, controlPort_ = 0;
};

} // namespace

POCO_SERVER_MAIN(FaultProxyApp)
