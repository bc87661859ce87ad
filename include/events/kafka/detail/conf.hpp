#pragma once
// librdkafka's configuration object from properties: what config.hpp's make_conf and the
// consumers' builder (consumer_handle.hpp) share.
#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <string>

namespace events::kafka::detail {

// Throws Error(code, text) (events::kafka::error) naming the property librdkafka refused.
template <class Error>
std::unique_ptr<RdKafka::Conf> conf_of(const std::map<std::string, std::string>& props) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string err;
  for (const auto& [k, v] : props)
    if (conf->set(k, v, err) != RdKafka::Conf::CONF_OK)
      throw Error(RdKafka::ERR__INVALID_ARG, "Kafka property " + k + ": " + err);
  return conf;
}

}  // namespace events::kafka::detail
