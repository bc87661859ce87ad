#pragma once
// How kafka::consumer and exactly_once_consumer build their librdkafka consumer, written once:
// the group id over the configuration's, the properties the class insists on and the defaults it
// offers, its rebalance and event callbacks, its subscription.
#include <events/kafka/detail/conf.hpp>

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events::kafka::detail {

struct consumer_spec {
  std::string_view who;  // the class, in error messages
  std::string group_id;  // over the configuration's group.id when not empty
  std::vector<std::pair<std::string, std::string>> set;       // the class's own, over the configuration's
  std::vector<std::pair<std::string, std::string>> defaults;  // the class's defaults, under the configuration's
  RdKafka::RebalanceCb* rebalance = nullptr;
  RdKafka::EventCb* events = nullptr;
  const std::vector<std::string>* topics = nullptr;  // subscribed to when not empty
};

// The consumer of `props` (the configuration's consumer properties) as `spec` says, subscribed;
// its group id in `group`. Throws Error(code, text) (events::kafka::error) on every failure.
template <class Error>
std::unique_ptr<RdKafka::KafkaConsumer> open_consumer(std::map<std::string, std::string> props,
                                                      const consumer_spec& spec, std::string& group) {
  const std::string who(spec.who);
  if (!spec.group_id.empty()) props["group.id"] = spec.group_id;
  if (props.count("group.id") == 0) throw Error(RdKafka::ERR__INVALID_ARG, who + ": no group.id configured");
  group = props["group.id"];
  for (const auto& [k, v] : spec.set) props[k] = v;
  for (const auto& [k, v] : spec.defaults) props.try_emplace(k, v);
  auto conf = conf_of<Error>(props);
  std::string err;
  if ((spec.rebalance && conf->set("rebalance_cb", spec.rebalance, err) != RdKafka::Conf::CONF_OK) ||
      (spec.events && conf->set("event_cb", spec.events, err) != RdKafka::Conf::CONF_OK))
    throw Error(RdKafka::ERR__INVALID_ARG, err);
  std::unique_ptr<RdKafka::KafkaConsumer> handle(RdKafka::KafkaConsumer::create(conf.get(), err));
  if (!handle) throw Error(RdKafka::ERR__INVALID_ARG, who + ": " + err);
  if (spec.topics && !spec.topics->empty()) {
    if (RdKafka::ErrorCode e = handle->subscribe(*spec.topics); e != RdKafka::ERR_NO_ERROR)
      throw Error(e, who + ": subscribe: " + RdKafka::err2str(e));
  }
  return handle;
}

}  // namespace events::kafka::detail
