#pragma once
// An in-memory helpdesk::Tickets with the host's rules (idempotent external keys and message ids,
// messages read in the order of their time as the host's ticket page shows them), so sending tests
// can count tickets without a running host.
#include <helpdesk/Tickets.h>

#include <algorithm>
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
        int reopenings = 0;
        bool deleted = false;
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
        insertInOrder(t.messages, m);
    }
    std::optional<long long> findByExternalKey(const std::string& key) override {
        std::lock_guard lock(mutex_);
        auto it = byKey_.find(key);
        if (it == byKey_.end()) return std::nullopt;
        return it->second;
    }
    std::optional<helpdesk::TicketState> find(long long id) override {
        std::lock_guard lock(mutex_);
        auto it = tickets_.find(id);
        if (it == tickets_.end() || it->second.deleted) return std::nullopt;
        return helpdesk::TicketState{id, it->second.open, it->second.spec.externalKey, it->second.spec.contactPhone,
                                     it->second.spec.departmentId};
    }
    std::optional<long long> findOpenByPhone(const std::string& phone) override {
        std::lock_guard lock(mutex_);
        for (auto it = tickets_.rbegin(); it != tickets_.rend(); ++it)
            if (!it->second.deleted && it->second.open && it->second.spec.contactPhone == phone) return it->first;
        return std::nullopt;
    }
    bool addInbound(long long id, const helpdesk::TicketMessage& m, const std::string& reopenLine) override {
        std::lock_guard lock(mutex_);
        auto it = tickets_.find(id);
        if (it == tickets_.end() || it->second.deleted) throw std::invalid_argument("unknown ticket id " + std::to_string(id));
        auto& t = it->second;
        for (const auto& existing : t.messages)
            if (!m.externalId.empty() && existing.externalId == m.externalId) return false;
        const bool reopened = !t.open;
        if (reopened) {
            t.open = true;
            ++t.reopenings;
            if (!reopenLine.empty())
                insertInOrder(t.messages, {helpdesk::MessageDirection::Outbound, "Sistema", reopenLine, m.at, ""});
        }
        insertInOrder(t.messages, m);
        return reopened;
    }
    void addPanel(helpdesk::TicketPanel panel) override {
        std::lock_guard lock(mutex_);
        panels_.push_back(std::move(panel));
    }
    // Simulates a ticket deleted (or merged away) in the host.
    void remove(long long id) {
        std::lock_guard lock(mutex_);
        tickets_.at(id).deleted = true;
    }
    void subscribe(Subscriber s) override {
        std::lock_guard lock(mutex_);
        subscribers_.push_back(std::move(s));
    }
    // Simulates an agent closing the ticket: the host fires Closed.
    void agentCloses(long long id) {
        std::vector<Subscriber> subs;
        helpdesk::TicketEvent e;
        {
            std::lock_guard lock(mutex_);
            auto& t = tickets_.at(id);
            if (!t.open) return;
            t.open = false;
            e.kind = helpdesk::TicketEvent::Kind::Closed;
            e.ticketId = id;
            e.externalKey = t.spec.externalKey;
            e.userId = 2;
            subs = subscribers_;
        }
        for (auto& s : subs) s(e);
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
    // The host reads a ticket's messages ORDER BY created_at, id: a message stamped earlier than
    // one already there goes before it, whatever order the webhooks came in.
    static void insertInOrder(std::vector<helpdesk::TicketMessage>& messages, const helpdesk::TicketMessage& m) {
        auto at = std::upper_bound(messages.begin(), messages.end(), m.at,
                                   [](const Poco::Timestamp& t, const helpdesk::TicketMessage& x) { return t < x.at; });
        messages.insert(at, m);
    }

    long long createLocked(const helpdesk::NewTicket& t) {
        if (auto it = byKey_.find(t.externalKey); it != byKey_.end()) return it->second;
        const long long id = static_cast<long long>(tickets_.size()) + 1;
        Ticket ticket{t, t.open, {}, 0, false};
        if (!t.firstMessage.empty())
            ticket.messages.push_back({helpdesk::MessageDirection::Outbound, t.firstMessageAuthor, t.firstMessage,
                                       t.firstMessageAt.value_or(Poco::Timestamp()), ""});
        tickets_[id] = ticket;
        byKey_[t.externalKey] = id;
        return id;
    }
    mutable std::mutex mutex_;
    std::map<long long, Ticket> tickets_;
    std::map<std::string, long long> byKey_;
    std::vector<Subscriber> subscribers_;
    std::vector<helpdesk::TicketPanel> panels_;
};

} // namespace testsupport
