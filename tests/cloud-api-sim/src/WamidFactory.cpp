#include "WamidFactory.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/NumberFormatter.h>
#include <Poco/RandomStream.h>
#include <Poco/StreamCopier.h>

#include <sstream>

namespace cloudsim {

WamidFactory::WamidFactory() {
    Poco::RandomInputStream random;
    std::uint32_t bits = 0;
    random.read(reinterpret_cast<char*>(&bits), sizeof bits);
    prefix_ = Poco::NumberFormatter::formatHex(bits, 8);
}

std::string WamidFactory::next(const std::string& waId) {
    std::ostringstream out;
    out << "wamid.";
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << waId << '|' << prefix_ << Poco::NumberFormatter::formatHex(++counter_, 12);
    encoder.close();
    return out.str();
}

std::string WamidFactory::recipientOf(const std::string& wamid) {
    const std::string head = "wamid.";
    if (wamid.rfind(head, 0) != 0) return {};
    std::istringstream in(wamid.substr(head.size()));
    Poco::Base64Decoder decoder(in);
    std::string text;
    try {
        Poco::StreamCopier::copyToString(decoder, text);
    } catch (const Poco::DataFormatException&) {
        return {};
    }
    auto bar = text.find('|');
    if (bar == std::string::npos || bar == 0) return {};
    return text.substr(0, bar);
}

} // namespace cloudsim
