#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string>

#include "e2e/support/simulator_process.h"
#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

// What the console's browser tests look for, made through the system's API and bus as clients,
// the outside world and a buggy producer would (tests/console/support/scenario.js reads it):
// - the demonstration's orders, and its compensated order's id;
// - one order along each path of the saga (docs/contracts.md, Failure triggers), each of a user
//   of its own, each final;
// - malformed JSON on order.created.v1, parked by its three readers;
// - with the carrier out: a delivery.started.v1 for an order that does not exist yet, parked by
//   the order service, then that very order, which waits for its delivery (until the parked
//   event is replayed); and one more order that waits, listed as a stuck saga.
class ConsoleScenario {
 public:
  // `system` calls its payment provider and carrier at `outside_world`.
  ConsoleScenario(SystemUnderTest& system, SimulatorProcess& outside_world);

  // Makes all of the above; fails the test (gtest assertions) when anything does not happen.
  void Make();

  // The JSON the browser tests read.
  const boost::json::object& Json() const { return json_; }

 private:
  void Stock(std::int64_t product, std::int64_t available);
  void RunDemo();
  std::int64_t Place(std::int64_t user, std::int64_t product, std::int64_t amount,
                     const std::string& address);
  // Waits until the order's status is `status`; its JSON then.
  boost::json::object AwaitStatus(std::int64_t order_id, const std::string& status);
  void PlaceOnePerPath();
  void ParkMalformedEvent();
  void ParkEventBeforeItsOrder();
  void MakeStuckSaga();
  // The dead letters `sagashop dlt list --json <filters>` lists, once there are `count`.
  boost::json::array DeadLettersWhenThereAre(std::size_t count, const std::string& filter);

  SystemUnderTest& system_;
  SimulatorProcess& outside_world_;
  std::string run_;  // makes the injected events' ids unique
  std::int64_t last_order_ = 0;
  boost::json::object json_;
};

}  // namespace sagashop::testing
