#include "contracts/event_codec.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sagashop::contracts {
namespace {

// One example of every event type, with every member set.
std::vector<EventPayload> Examples() {
  return {
      OrderCreated{1, 1001, 7, 2, 50000, "Seoul, 1", "CARD"},
      OrderCompleted{2},
      OrderCanceled{3, "insufficient stock"},
      PaymentCompleted{4, 40, 50000, "CARD"},
      PaymentFailed{5, "declined"},
      PaymentRefunded{6, 60, 50000, "delivery failed"},
      StockReserved{7, 70, 7, 2, "2026-11-25T01:46:08.000000Z"},
      StockReservationFailed{8, 7, 2, "unknown product"},
      StockReleased{9, 90, 7, 2},
      DeliveryStarted{10, 100, "SIM1000000010", "SIM-EXPRESS"},
      DeliveryFailed{11, "address is undeliverable"},
  };
}

TEST(EventCodecTest, EveryTypeRoundTrips) {
  for (const EventPayload& payload : Examples()) {
    const Event event = MakeEvent(payload, "saga-1");
    const Event decoded = DecodeEvent(EncodeEvent(event), event.metadata.event_type);
    EXPECT_EQ(decoded.metadata.event_id, event.metadata.event_id);
    EXPECT_EQ(decoded.metadata.event_type, event.metadata.event_type);
    EXPECT_EQ(decoded.metadata.correlation_id, "saga-1");
    EXPECT_EQ(decoded.metadata.occurred_at, event.metadata.occurred_at);
    EXPECT_EQ(decoded.payload.index(), payload.index());
    EXPECT_EQ(EncodeEvent(decoded), EncodeEvent(event)) << event.metadata.event_type;
  }
}

TEST(EventCodecTest, WireFormatHasBaseFieldsBesideThePayload) {
  const Event event = MakeEvent(PaymentCompleted{4, 40, 50000, "CARD"}, "saga-9");
  const boost::json::object json = boost::json::parse(EncodeEvent(event)).as_object();
  EXPECT_EQ(json.at("eventType").as_string(), "payment.completed.v1");
  EXPECT_EQ(json.at("schemaVersion").as_int64(), 1);
  EXPECT_EQ(json.at("correlationId").as_string(), "saga-9");
  EXPECT_EQ(json.at("orderId").as_int64(), 4);
  EXPECT_EQ(json.at("paymentId").as_int64(), 40);
  EXPECT_EQ(json.at("amount").as_int64(), 50000);
  EXPECT_EQ(json.at("paymentType").as_string(), "CARD");
  EXPECT_EQ(json.at("eventId").as_string().size(), 36u);
}

// expiredAt was added to stock.reserved.v1 after it was published: events without it still
// decode, and encode again without it.
TEST(EventCodecTest, OptionalFieldsMayBeAbsent) {
  const Event event = MakeEvent(StockReserved{7, 70, 7, 2, std::nullopt}, "saga-7");
  const std::string wire = EncodeEvent(event);
  EXPECT_FALSE(boost::json::parse(wire).as_object().contains("expiredAt"));
  const Event decoded = DecodeEvent(wire, "stock.reserved.v1");
  EXPECT_FALSE(std::get<StockReserved>(decoded.payload).expired_at.has_value());

  const Event dated = MakeEvent(StockReserved{7, 70, 7, 2, "2026-11-25T01:46:08.000000Z"}, "s");
  EXPECT_EQ(std::get<StockReserved>(DecodeEvent(EncodeEvent(dated)).payload).expired_at,
            "2026-11-25T01:46:08.000000Z");
}

TEST(EventCodecTest, RejectsMalformedEvents) {
  const std::string good = EncodeEvent(MakeEvent(OrderCompleted{2}, "s"));
  EXPECT_THROW(DecodeEvent("not json"), MalformedEvent);
  EXPECT_THROW(DecodeEvent("[]"), MalformedEvent);
  EXPECT_THROW(DecodeEvent(good, "payment.completed.v1"), MalformedEvent);  // wrong topic
  EXPECT_THROW(DecodeEvent(R"({"eventId":"x","eventType":"order.exploded.v1","schemaVersion":1,)"
                           R"("occurredAt":"2026-01-01T00:00:00Z","orderId":1})"),
               MalformedEvent);
  EXPECT_THROW(DecodeEvent(R"({"eventId":"x","eventType":"order.completed.v1","schemaVersion":1,)"
                           R"("occurredAt":"2026-01-01T00:00:00Z","orderId":"1"})"),
               MalformedEvent);
  EXPECT_THROW(DecodeEvent(R"({"eventId":"x","eventType":"order.completed.v1","schemaVersion":2,)"
                           R"("occurredAt":"2026-01-01T00:00:00Z","orderId":1})"),
               MalformedEvent);
  EXPECT_THROW(DecodeEvent(R"({"eventType":"order.completed.v1","schemaVersion":1,)"
                           R"("occurredAt":"2026-01-01T00:00:00Z","orderId":1})"),
               MalformedEvent);
}

TEST(EventCodecTest, ProducerOfEachType) {
  EXPECT_EQ(ProducerOf(kOrderCreated), "order");
  EXPECT_EQ(ProducerOf(kPaymentRefunded), "payment");
  EXPECT_EQ(ProducerOf(kStockReservationFailed), "inventory");
  EXPECT_EQ(ProducerOf(kDeliveryFailed), "delivery");
  EXPECT_EQ(ProducerOf("nonsense"), "");
}

}  // namespace
}  // namespace sagashop::contracts
