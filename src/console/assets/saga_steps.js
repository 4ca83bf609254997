// What each event means for a saga (docs/order-state-machine.md; the event types are those of
// src/contracts/event_types.h).

// Compensating transactions: what undoes a step done before (a refund, stock put back).
const COMPENSATIONS = new Set(['payment.refunded.v1', 'stock.released.v1']);
// A step that failed, which ends the saga or starts its compensation.
const FAILURES = new Set(['payment.failed.v1', 'stock.reservation_failed.v1',
  'delivery.failed.v1', 'order.canceled.v1']);

// "compensation", "failure", "ignored" (an event late for a state already passed) or "forward".
export function stepKind(step) {
  if (COMPENSATIONS.has(step.eventType)) return 'compensation';
  if (typeof step.outcome === 'string' && step.outcome.startsWith('ignored')) return 'ignored';
  if (FAILURES.has(step.eventType)) return 'failure';
  return 'forward';
}

export const STEP_KIND_LABELS = {
  compensation: 'compensation',
  failure: 'failure',
  ignored: 'ignored',
  forward: '',
};

// Where a saga that stopped moving waits, from the last event that moved it (its currentStep).
export function waitingFor(saga) {
  if (saga.status === 'COMPENSATING') return 'payment (refund)';
  switch (saga.currentStep) {
    case null:
    case undefined:
    case 'order.created.v1':
      return 'payment (charge)';
    case 'payment.completed.v1':
      return 'inventory (reservation)';
    case 'stock.reserved.v1':
      return 'delivery (shipment)';
    default:
      return 'order';
  }
}
