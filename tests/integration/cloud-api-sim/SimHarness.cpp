#include "SimHarness.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

namespace simtest {

Poco::JSON::Object::Ptr HttpResult::json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

cloudsim::SimConfig testConfig() {
    cloudsim::SimConfig c;
    c.statsLogIntervalS = 0;
    c.threads = 16;
    c.pSent = c.pDelivered = c.pRead = 1.0;
    c.sentDelayMs = 5;
    c.deliveredDelayMs = 10;
    c.readDelayMs = 15;
    c.webhookFlushMs = 5;
    c.webhookRetryBaseMs = 20;
    return c;
}

SimHarness::SimHarness(cloudsim::SimConfig config) : sim_(std::make_unique<cloudsim::Simulator>(config)) { sim_->start(); }

SimHarness::~SimHarness() { sim_->stop(); }

HttpResult SimHarness::request(const std::string& method, const std::string& path, const std::string& body,
                               const std::string& token) const {
    Poco::Net::HTTPClientSession session("127.0.0.1", port());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) req.set("Authorization", "Bearer " + token);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    HttpResult result;
    result.status = resp.getStatus();
    Poco::StreamCopier::copyToString(in, result.body);
    return result;
}

HttpResult SimHarness::sendTemplate(const std::string& to, const std::string& name, const std::string& language,
                                    const std::string& componentsJson, const std::string& bizOpaque,
                                    const std::string& token) const {
    std::string body = R"({"messaging_product":"whatsapp","recipient_type":"individual","to":")" + to + R"(","type":"template",)";
    if (!bizOpaque.empty()) body += R"("biz_opaque_callback_data":")" + bizOpaque + R"(",)";
    body += R"("template":{"name":")" + name + R"(","language":{"code":")" + language + R"("},"components":[)" + componentsJson +
            "]}}";
    return request("POST", std::string("/v23.0/") + kPhoneId + "/messages", body, token);
}

HttpResult SimHarness::sendBienvenida(const std::string& to, const std::string& bizOpaque) const {
    return sendTemplate(to, "bienvenida", "es", bodyParams(2), bizOpaque);
}

HttpResult SimHarness::control(const std::string& method, const std::string& path, const std::string& body) const {
    return request(method, path, body, "");
}

std::string bodyParams(int n) {
    std::string out = R"({"type":"body","parameters":[)";
    for (int i = 0; i < n; ++i) out += std::string(i ? "," : "") + R"({"type":"text","text":"v)" + std::to_string(i) + R"("})";
    return out + "]}";
}

int errorCode(const HttpResult& result) { return result.json()->getObject("error")->getValue<int>("code"); }

} // namespace simtest
