#include "campaign/MultipartReceiver.h"

#include "web/ErrorCodes.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>

namespace campaigns::campaign {

void ReceivedForm::discardFiles() {
    for (auto& f : files) {
        try {
            Poco::File(f.path).remove();
        } catch (const Poco::FileNotFoundException&) { // already gone: nothing to discard
        }
    }
    files.clear();
}

std::uint64_t copyToFile(std::istream& in, const std::string& path, std::uint64_t maxBytes) {
    std::uint64_t size = 0;
    try {
        Poco::FileOutputStream out(path);
        char buffer[64 * 1024];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            size += static_cast<std::uint64_t>(in.gcount());
            if (size > maxBytes) throw FileTooLarge{};
            // The stream keeps the device's error in its state: check it after every write.
            if (!out.write(buffer, in.gcount())) throw Poco::WriteFileException("upload not stored whole", path);
        }
        out.close();
        if (!out.good()) throw Poco::WriteFileException("upload not stored whole", path);
    } catch (const Poco::WriteFileException&) {
        throw;
    } catch (const Poco::FileException& e) {
        // Opening or flushing may report the device's error as another file exception.
        throw Poco::WriteFileException("upload not stored whole: " + e.message(), path);
    }
    return size;
}

namespace {

class ToDisk : public Poco::Net::PartHandler {
public:
    ToDisk(ReceivedForm& form, std::uint64_t max, const std::function<std::string()>& newPath)
        : form_(form), max_(max), newPath_(newPath) {}

    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        ReceivedFile f;
        std::string disposition;
        Poco::Net::NameValueCollection params;
        Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, params);
        f.field = params.get("name", "");
        f.fileName = params.get("filename", "");
        f.contentType = header.get("Content-Type", "application/octet-stream");
        f.path = newPath_();
        form_.files.push_back(f);
        ReceivedFile& stored = form_.files.back();
        stored.size = copyToFile(stream, stored.path, max_);
    }

private:
    ReceivedForm& form_;
    std::uint64_t max_;
    const std::function<std::string()>& newPath_;
};

std::string megabytes(std::uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MB"; }

} // namespace

ReceivedForm receiveMultipart(helpdesk::RequestContext& ctx, std::uint64_t maxFileBytes,
                              const std::function<std::string()>& newPath) {
    if (ctx.request.getContentType().find("multipart/form-data") == std::string::npos) {
        throw helpdesk::HttpError(400, web::codes::kMultipartRequired,
                                  "Envía el archivo como multipart/form-data en el campo «file».");
    }
    // Not helpdesk::readRequestBody: a file (up to maxFileBytes, many MB) is streamed to disk rather than
    // held in memory; copyToFile applies the same rule (refuse as soon as the cap is passed, in 64 KiB
    // steps) to each part, and setFieldLimit bounds the other fields.
    ReceivedForm form;
    ToDisk handler(form, maxFileBytes, newPath);
    try {
        Poco::Net::HTMLForm html;
        html.setFieldLimit(50);
        html.load(ctx.request, ctx.request.stream(), handler);
        for (const auto& [name, value] : html) form.fields[name] = value;
    } catch (const FileTooLarge&) {
        form.discardFiles();
        throw helpdesk::HttpError(413, web::codes::kFileTooLarge,
                                  "El archivo supera el máximo de " + megabytes(maxFileBytes) + ".");
    } catch (const Poco::WriteFileException&) {
        form.discardFiles();
        throw helpdesk::HttpError(507, web::codes::kUploadNotStored,
                                  "El servidor no pudo guardar el archivo completo (disco lleno o error de escritura). "
                                  "No se usó ninguna fila: vuelve a subirlo cuando el espacio esté disponible.");
    } catch (const Poco::Exception& e) {
        form.discardFiles();
        throw helpdesk::HttpError(400, web::codes::kInvalidMultipart, "No se pudo leer el archivo enviado: " + e.message());
    }
    return form;
}

} // namespace campaigns::campaign
