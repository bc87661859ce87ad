// `events topics`: the catalog's Kafka topics, as a table, JSON, or Strimzi KafkaTopic manifests.
#include "cli.hpp"
#include "yaml.hpp"

#include <events/catalog/topics.hpp>

#include <iostream>

namespace events_tool {
namespace {

constexpr const char* topics_help =
    "usage: events topics [--json | --strimzi [--cluster NAME] [--namespace NS]]\n"
    "\n"
    "The catalog's Kafka topics (include/events/catalog/topics.hpp): name, partitions, replicas,\n"
    "retention.ms, segment.ms and cleanup.policy, one tab-separated line each. With --json an array\n"
    "of objects; with --strimzi one Strimzi KafkaTopic manifest per topic (kafka.strimzi.io/v1beta2),\n"
    "labelled strimzi.io/cluster NAME (default kafka-cluster), in metadata.namespace NS if given.\n"
    "\n"
    "Examples:\n"
    "  events topics\n"
    "  events topics --strimzi --cluster my-cluster --namespace kafka | kubectl apply -f -\n";

}  // namespace

int cmd_topics(const arg_list& args) {
  if (wants_help(args)) return std::cout << topics_help, 0;
  bool strimzi = false, as_json = false;
  std::string cluster = "kafka-cluster", ns;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--strimzi") {
      strimzi = true;
    } else if (args[i] == "--json") {
      as_json = true;
    } else if (args[i] == "--cluster" || args[i] == "--namespace") {
      if (i + 1 == args.size() || args[i + 1].empty()) return usage(topics_help, std::string(args[i]) + " needs a name");
      (args[i] == "--cluster" ? cluster : ns) = std::string(args[i + 1]);
      ++i;
    } else {
      return usage(topics_help, "unexpected argument '" + std::string(args[i]) + "'");
    }
  }
  if (strimzi && as_json) return usage(topics_help, "give --json or --strimzi, not both");
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::string out;
  for (const events::topic_info& t : events::topics::all) {
    const auto retention = t.retention.count(), segment = events::segment_of(t).count();
    if (strimzi) {
      nlohmann::ordered_json m = {{"apiVersion", "kafka.strimzi.io/v1beta2"}, {"kind", "KafkaTopic"}};
      m["metadata"] = {{"name", std::string(t.name)}};
      if (!ns.empty()) m["metadata"]["namespace"] = ns;
      m["metadata"]["labels"] = {{"strimzi.io/cluster", cluster}};
      m["spec"] = {{"partitions", t.partitions},
                   {"replicas", t.replicas},
                   {"config",
                    {{"retention.ms", retention}, {"segment.ms", segment}, {"cleanup.policy", std::string(t.cleanup_policy)}}}};
      out += "---\n" + to_yaml(m);
    } else if (as_json) {
      rows.push_back({{"name", std::string(t.name)}, {"partitions", t.partitions}, {"replicas", t.replicas},
                      {"retention.ms", retention}, {"segment.ms", segment}, {"cleanup.policy", std::string(t.cleanup_policy)}});
    } else {
      out += std::string(t.name) + '\t' + std::to_string(t.partitions) + '\t' + std::to_string(t.replicas) + '\t' +
             std::to_string(retention) + '\t' + std::to_string(segment) + '\t' + std::string(t.cleanup_policy) + '\n';
    }
  }
  if (as_json) out = rows.dump(2) + "\n";
  std::cout << out;
  return std::cout.flush() ? 0 : 1;
}

}  // namespace events_tool
