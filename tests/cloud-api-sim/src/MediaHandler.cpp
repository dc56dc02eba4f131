// POST /{version}/{phone-number-id}/media: multipart upload of a header image.
#include "Handlers.h"
#include "HttpUtil.h"
#include "Simulator.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/PartHandler.h>

namespace cloudsim {
namespace {

class FileCapture : public Poco::Net::PartHandler {
public:
    explicit FileCapture(std::size_t maxBytes) : maxBytes_(maxBytes) {}

    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        found = true;
        contentType = header.get("Content-Type", "");
        char buffer[8192];
        while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
            size += static_cast<std::size_t>(stream.gcount());
            // Keep the first bytes for the content check; count the rest without storing it.
            if (head.size() < 16) head.append(buffer, std::min<std::size_t>(16, static_cast<std::size_t>(stream.gcount())));
        }
        tooBig = size > maxBytes_;
    }

    bool found = false;
    bool tooBig = false;
    std::size_t size = 0;
    std::string contentType;
    std::string head;

private:
    std::size_t maxBytes_;
};

std::string sniff(const std::string& head) {
    if (head.size() >= 3 && static_cast<unsigned char>(head[0]) == 0xFF && static_cast<unsigned char>(head[1]) == 0xD8 &&
        static_cast<unsigned char>(head[2]) == 0xFF)
        return "image/jpeg";
    if (head.size() >= 8 && head.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) return "image/png";
    return {};
}

} // namespace

void handleUploadMedia(Simulator& sim, const Route& route, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) {
    auto config = sim.config().get();
    if (auto error = checkAuth(request, *config)) return sendError(response, *error);
    if (config->phoneIndex(route.segments[1]) < 0) return sendError(response, unknownObject(route.segments[1]));
    FileCapture file(config->mediaMaxBytes);
    Poco::Net::HTMLForm form;
    form.setFieldLimit(20);
    form.load(request, request.stream(), file);
    if (form.get("messaging_product", "") != "whatsapp")
        return sendError(response, graphError(100, "The parameter messaging_product is required and must be 'whatsapp'."));
    if (!file.found) return sendError(response, graphError(100, "The parameter file is required."));
    std::string declared = form.get("type", file.contentType);
    if (declared != "image/jpeg" && declared != "image/png")
        return sendError(response, graphError(131053,
                                              "Param file must be a file with one of the following types: "
                                              "image/jpeg, image/png. Received file of type '" +
                                                  declared + "'."));
    if (file.tooBig)
        return sendError(
            response, graphError(131053, "File is too big: " + std::to_string(file.size) + " bytes, the maximum for images is " +
                                             std::to_string(config->mediaMaxBytes)));
    if (sniff(file.head) != declared)
        return sendError(response, graphError(131053, "The file content does not match its type " + declared));
    sendJson(response, 200, "{\"id\":\"" + sim.nextMediaId() + "\"}");
}

} // namespace cloudsim
