#include "platform/bus/namespaced_event_bus.h"

#include <vector>

namespace sagashop::bus {
namespace {

class NamespacedPublisher final : public Publisher {
 public:
  NamespacedPublisher(std::unique_ptr<Publisher> inner, std::string prefix)
      : inner_(std::move(inner)), prefix_(std::move(prefix)) {}

  std::size_t PublishBatch(std::span<const OutgoingMessage> messages) override {
    std::vector<OutgoingMessage> renamed(messages.begin(), messages.end());
    for (OutgoingMessage& message : renamed) message.topic = prefix_ + message.topic;
    return inner_->PublishBatch(renamed);
  }

 private:
  std::unique_ptr<Publisher> inner_;
  std::string prefix_;
};

}  // namespace

NamespacedEventBus::NamespacedEventBus(std::unique_ptr<EventBus> inner,
                                       const std::string& name_space)
    : inner_(std::move(inner)), prefix_(name_space.empty() ? "" : name_space + ".") {}

std::string NamespacedEventBus::Prefixed(const std::string& name) const {
  return prefix_ + name;
}

void NamespacedEventBus::EnsureTopics(std::span<const std::string> topics) {
  std::vector<std::string> renamed;
  renamed.reserve(topics.size());
  for (const std::string& topic : topics) renamed.push_back(Prefixed(topic));
  inner_->EnsureTopics(renamed);
}

std::unique_ptr<Publisher> NamespacedEventBus::CreatePublisher() {
  if (prefix_.empty()) return inner_->CreatePublisher();
  return std::make_unique<NamespacedPublisher>(inner_->CreatePublisher(), prefix_);
}

std::unique_ptr<Subscription> NamespacedEventBus::Subscribe(SubscriptionOptions options,
                                                            BatchHandler handler) {
  if (prefix_.empty()) return inner_->Subscribe(std::move(options), std::move(handler));
  options.group = Prefixed(options.group);
  for (std::string& topic : options.topics) topic = Prefixed(topic);
  const std::size_t strip = prefix_.size();
  return inner_->Subscribe(std::move(options), [strip, handler = std::move(handler)](
                                                   std::span<const IncomingMessage> batch) {
    std::vector<IncomingMessage> renamed(batch.begin(), batch.end());
    for (IncomingMessage& message : renamed) message.topic.erase(0, strip);
    handler(renamed);
  });
}

}  // namespace sagashop::bus
