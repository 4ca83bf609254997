// What the system under test holds, as tests/e2e/console made it (SAGASHOP_CONSOLE_SCENARIO):
// {
//   "orders": {"completed": ORDER, "payment_declined": ORDER, "out_of_stock": ORDER,
//              "undeliverable": ORDER},    ORDER = {"id", "userId", "createdAt", "status"}
//   "demoCompensated": order id,           the demonstration's compensated order
//   "malformedKey": the key of malformed JSON put on order.created.v1, which Payment, Inventory
//                  and Delivery each park,
//   "stuck": {"id"},                       waits at DELIVERY_PREPARING (the carrier is out)
//   "deadLetter": {"id", "service", "orderId", "eventType"}   parked before its order existed;
//                                          the order waits for it and completes once it is replayed
// }
const fs = require('fs');

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (tests/e2e/console sets it; see playwright.config.js)`);
  return value;
}

function scenario() {
  return JSON.parse(fs.readFileSync(required('SAGASHOP_CONSOLE_SCENARIO'), 'utf8'));
}

// Each path of the saga (docs/contracts.md, Failure triggers): how the order ends, the events its
// timeline shows (in any order: events of different topics may overtake each other), which of them
// are compensations, and the status of its payment, reservation and delivery (null: none made).
const PATHS = {
  completed: {
    status: 'COMPLETED',
    events: ['order.created.v1', 'payment.completed.v1', 'stock.reserved.v1', 'delivery.started.v1'],
    compensations: [],
    payment: 'COMPLETED', reservation: 'COMMITTED', delivery: 'STARTED',
  },
  payment_declined: {
    status: 'CANCELED',
    events: ['order.created.v1', 'payment.failed.v1'],
    compensations: [],
    payment: 'FAILED', reservation: null, delivery: null,
  },
  out_of_stock: {
    status: 'CANCELED',
    events: ['order.created.v1', 'payment.completed.v1', 'stock.reservation_failed.v1',
      'payment.refunded.v1'],
    compensations: ['payment.refunded.v1'],
    payment: 'REFUNDED', reservation: null, delivery: null,
  },
  undeliverable: {
    status: 'CANCELED',
    events: ['order.created.v1', 'payment.completed.v1', 'stock.reserved.v1', 'delivery.failed.v1',
      'payment.refunded.v1', 'stock.released.v1'],
    compensations: ['payment.refunded.v1', 'stock.released.v1'],
    payment: 'REFUNDED', reservation: 'RELEASED', delivery: 'FAILED',
  },
};

// The service whose events these are (src/contracts/event_types.h, ProducerOf).
function producerOf(eventType) {
  return { order: 'order', payment: 'payment', stock: 'inventory', delivery: 'delivery' }[eventType.split('.')[0]];
}

module.exports = { scenario, required, PATHS, producerOf };
