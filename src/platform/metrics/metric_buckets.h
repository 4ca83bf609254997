#pragma once

#include <vector>

namespace sagashop::metrics {

// Histogram buckets in seconds, one set per kind of duration, so that every histogram of a kind
// can be compared and summed across services.

// A whole saga, order creation to its final state: from 5 ms (one process, nothing waiting) to a
// minute (a delivery retried through an outage).
inline std::vector<double> SagaDurationBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

// An HTTP request, read to response written.
inline std::vector<double> HttpDurationBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

// One outbox batch, handed to the bus to acknowledged.
inline std::vector<double> PublishDurationBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
}

// Getting a database connection: usually microseconds, seconds when the pool is exhausted.
inline std::vector<double> PoolWaitBuckets() {
  return {0.00001, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
}

}  // namespace sagashop::metrics
