// Numbers spread over host instances: each account's sending costs about a core at 1,000 msg/s,
// so with two instances on one database and two accounts sending, each instance must send for one,
// not the first instance to look for both (tests/bench/two-numbers found an instance taking both
// while the other stayed idle). An instance alone must still start every account promptly, and an
// account whose instance stops goes to the idle instance, not to a busy one. Never two senders for
// one account: no recipient gets a message twice. Runs on SQLite and on MariaDB.
#include "SendingHarness.h"

#include <cppunit/extensions/HelperMacros.h>

#include <iostream>

using namespace Poco::Data::Keywords;
using sendtest::SendingHarness;

namespace {

const std::string kFirstNumber = "100000000000001", kSecondNumber = "100000000000002";

// account id -> owner of its send lease, as the database has them now
std::map<long long, std::string> leaseOwners(SendingHarness& h) {
    auto s = h.db().session();
    std::vector<std::string> names, owners;
    s << "SELECT name, owner FROM campaigns_leases WHERE name LIKE 'account:%'", into(names), into(owners), now;
    std::map<long long, std::string> byAccount;
    for (std::size_t i = 0; i < names.size(); ++i) byAccount[std::stoll(names[i].substr(names[i].find(':') + 1))] = owners[i];
    return byAccount;
}

// Polls every 10 ms until `done` holds for the lease owners; returns them, or fails after `seconds`.
std::map<long long, std::string> waitForLeases(SendingHarness& h,
                                               const std::function<bool(const std::map<long long, std::string>&)>& done,
                                               int seconds, const std::string& what) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (true) {
        auto owners = leaseOwners(h);
        if (done(owners)) return owners;
        if (std::chrono::steady_clock::now() > deadline) {
            std::string seen;
            for (const auto& [account, owner] : owners) seen += " " + std::to_string(account) + "=" + owner;
            CPPUNIT_FAIL("timed out waiting for " + what + "; leases:" + seen);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

// Waits until `n` send engines said they are there (SendInstances), as instances that have been up
// for a while have; one just started says so on its first round.
void waitForInstances(SendingHarness& h, int n) {
    h.waitFor(
        [&] {
            auto s = h.db().session();
            int live = 0;
            s << "SELECT COUNT(*) FROM campaigns_leases WHERE name LIKE 'send-instance:%'", into(live), now;
            return live == n;
        },
        10, std::to_string(n) + " send instances");
}

sendtest::CampaignSpec campaignOf(long long account, int entries, int phonePrefix) {
    auto spec = sendtest::plainCampaign(entries, false, 0);
    spec.accountId = account;
    spec.phone = [phonePrefix](int i) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "56%d%07d", phonePrefix, i);
        return std::string(buf);
    };
    return spec;
}

void twoNumbers(cloudsim::SimConfig& cfg) { cfg.phoneNumberIds = {kFirstNumber, kSecondNumber}; }

} // namespace

class AccountSpreadTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AccountSpreadTest);
    CPPUNIT_TEST(twoInstancesSendForOneAccountEach);
    CPPUNIT_TEST(anInstanceAloneStartsBothAccountsWithinASecond);
    CPPUNIT_TEST(aStoppedInstancesAccountGoesToTheIdleInstance);
    CPPUNIT_TEST_SUITE_END();

public:
    // The first-come case: both campaigns start together through the first instance, which is woken
    // at once (as "Enviar campaña" wakes its own instance); the second finds them on its next round.
    void twoInstancesSendForOneAccountEach() {
        constexpr int kEntries = 1500; // about 1.5 s at the simulator's 1,000 msg/s: both send at once
        SendingHarness h(twoNumbers);
        const long long first = h.accountId(), second = h.addAccount(kSecondNumber);
        const long long c1 = h.createCampaign(campaignOf(first, kEntries, 91));
        const long long c2 = h.createCampaign(campaignOf(second, kEntries, 92));
        auto& other = h.addEngine("second-instance");
        waitForInstances(h, 2);
        h.startSending({c1, c2});

        const auto owners = waitForLeases(
            h, [](const auto& o) { return o.size() == 2; }, 10, "both accounts to be leased");
        CPPUNIT_ASSERT_MESSAGE("one instance took both accounts: " + owners.at(first), owners.at(first) != owners.at(second));

        h.waitFor([&] { return h.finished(c1) && h.finished(c2); }, 120, "both campaigns to finish");
        // Each instance sent exactly one account's campaign: nothing moved between them.
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kEntries), h.engine().stats().requests.load());
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kEntries), other.stats().requests.load());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2 * kEntries), h.acceptedBySimulator());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), h.duplicatedRecipients());
    }

    // Spreading costs an instance alone nothing: with no other instance there it takes both at once.
    void anInstanceAloneStartsBothAccountsWithinASecond() {
        SendingHarness h(twoNumbers);
        const long long first = h.accountId(), second = h.addAccount(kSecondNumber);
        const long long c1 = h.createCampaign(campaignOf(first, 3000, 91));
        const long long c2 = h.createCampaign(campaignOf(second, 3000, 92));
        const auto started = std::chrono::steady_clock::now();
        h.startSending({c1, c2});
        const auto owners = waitForLeases(
            h, [&](const auto& o) { return o.size() == 2 && o.at(first) == "test-instance" && o.at(second) == "test-instance"; },
            10, "the only instance to take both accounts");
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        std::cerr << "\none instance alone: both accounts leased " << ms << " ms after the campaigns started\n";
        CPPUNIT_ASSERT_MESSAGE("both accounts leased only after " + std::to_string(ms) + " ms", ms < 1000);
        h.waitFor([&] { return h.finished(c1) && h.finished(c2); }, 120, "both campaigns to finish");
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), h.duplicatedRecipients());
    }

    // An instance that stops gives its lease back at once: the instance that sends for nothing
    // takes the account, not the one that already sends for the other.
    void aStoppedInstancesAccountGoesToTheIdleInstance() {
        constexpr int kEntries = 4000;
        SendingHarness h(twoNumbers);
        const long long first = h.accountId(), second = h.addAccount(kSecondNumber);
        const long long c1 = h.createCampaign(campaignOf(first, kEntries, 91));
        const long long c2 = h.createCampaign(campaignOf(second, kEntries, 92));
        auto& leaving = h.addEngine("leaving-instance");
        waitForInstances(h, 2);
        h.startSending({c1, c2});
        auto owners = waitForLeases(
            h, [](const auto& o) { return o.size() == 2; }, 10, "both accounts to be leased");
        CPPUNIT_ASSERT(owners.at(first) != owners.at(second));
        const long long orphan = owners.at(first) == "leaving-instance" ? first : second;
        h.addEngine("idle-instance");
        waitForInstances(h, 3);
        leaving.stop(std::chrono::seconds(10));
        CPPUNIT_ASSERT(!h.finished(orphan == first ? c1 : c2)); // it stopped in the middle of the campaign

        owners = waitForLeases(
            h, [&](const auto& o) { return o.count(orphan) && o.at(orphan) != "leaving-instance"; }, 10,
            "another instance to take the stopped instance's account");
        CPPUNIT_ASSERT_EQUAL(std::string("idle-instance"), owners.at(orphan));
        h.waitFor([&] { return h.finished(c1) && h.finished(c2); }, 120, "both campaigns to finish");
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), h.duplicatedRecipients());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccountSpreadTest);
