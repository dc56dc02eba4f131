#pragma once
// An in-memory helpdesk::Tickets with the host's rules (idempotent external keys and message ids),
// so sending tests can count tickets without a running host.
#include <helpdesk/Tickets.h>

#include <map>
#include <mutex>
#include <stdexcept>

namespace testsupport {

class FakeTickets : public helpdesk::Tickets {
public:
    struct Ticket {
        helpdesk::NewTicket spec;
        bool open = true;
        std::vector<helpdesk::TicketMessage> messages;
    };

    long long create(const helpdesk::NewTicket& t) override {
        std::lock_guard lock(mutex_);
        return createLocked(t);
    }
    std::vector<long long> createMany(const std::vector<helpdesk::NewTicket>& ts) override {
        std::lock_guard lock(mutex_);
        std::vector<long long> ids;
        for (const auto& t : ts) ids.push_back(createLocked(t));
        return ids;
    }
    void close(long long id) override {
        std::lock_guard lock(mutex_);
        tickets_.at(id).open = false;
    }
    void addMessage(long long id, const helpdesk::TicketMessage& m) override {
        std::lock_guard lock(mutex_);
        auto& t = tickets_.at(id);
        for (const auto& existing : t.messages)
            if (!m.externalId.empty() && existing.externalId == m.externalId) return;
        t.messages.push_back(m);
    }
    std::optional<long long> findByExternalKey(const std::string& key) override {
        std::lock_guard lock(mutex_);
        auto it = byKey_.find(key);
        if (it == byKey_.end()) return std::nullopt;
        return it->second;
    }
    void subscribe(Subscriber s) override {
        std::lock_guard lock(mutex_);
        subscribers_.push_back(std::move(s));
    }
    // Simulates an agent writing on the ticket: the host would fire AgentMessage.
    void agentWrites(long long id) {
        std::vector<Subscriber> subs;
        helpdesk::TicketEvent e;
        {
            std::lock_guard lock(mutex_);
            e.kind = helpdesk::TicketEvent::Kind::AgentMessage;
            e.ticketId = id;
            e.externalKey = tickets_.at(id).spec.externalKey;
            e.userId = 2;
            subs = subscribers_;
        }
        for (auto& s : subs) s(e);
    }
    std::map<long long, Ticket> snapshot() const {
        std::lock_guard lock(mutex_);
        return tickets_;
    }

private:
    long long createLocked(const helpdesk::NewTicket& t) {
        if (auto it = byKey_.find(t.externalKey); it != byKey_.end()) return it->second;
        const long long id = static_cast<long long>(tickets_.size()) + 1;
        Ticket ticket{t, t.open, {}};
        if (!t.firstMessage.empty())
            ticket.messages.push_back({helpdesk::MessageDirection::Outbound, t.firstMessageAuthor, t.firstMessage, {}, ""});
        tickets_[id] = ticket;
        byKey_[t.externalKey] = id;
        return id;
    }
    mutable std::mutex mutex_;
    std::map<long long, Ticket> tickets_;
    std::map<std::string, long long> byKey_;
    std::vector<Subscriber> subscribers_;
};

} // namespace testsupport
