// A user's program with the optional targets: events::kafka and events::dapr.
#include <events/dapr/publisher.hpp>
#include <events/kafka/kafka.hpp>

#include <cstdio>

int main() {
  events::kafka::embedded_cluster cluster;               // librdkafka's mock brokers on loopback
  if (cluster.bootstrap().empty()) return 1;
  events::dapr::publisher pub({.port = 1});              // no sidecar there: a result, never a throw
  (void)pub;
  std::printf("kafka at %s; dapr publisher ready\n", cluster.bootstrap().c_str());
  return 0;
}
