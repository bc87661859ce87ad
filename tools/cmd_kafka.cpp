// `events kafka serve`: the embedded cluster (librdkafka's mock brokers) as its own process, so a
// Python or Node service develops against it without Docker.
#include "cli.hpp"

#include <events/kafka/kafka.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <iostream>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace events_tool {
namespace {

constexpr const char* kafka_help =
    "usage: events kafka serve [--port N] [--brokers N] [--topic NAME:PARTITIONS]...\n"
    "\n"
    "Runs a local Kafka cluster (librdkafka's mock brokers: the Kafka protocol, in memory) until\n"
    "Ctrl-C or SIGTERM: the catalog's topics with their partition counts and a <topic>-dlq for\n"
    "each (`events topics` lists them); other topics are created on first use (4 partitions).\n"
    "Prints the bootstrap servers as one line on stdout (for bootstrap.servers / brokers).\n"
    "Every broker listens on 127.0.0.1 only; the data is gone when it stops. The mock keeps about\n"
    "5 MiB per partition and has no CreateTopics, SASL or TLS.\n"
    "--port N: also take clients at 127.0.0.1:N (forwarded to the first broker), so the bootstrap\n"
    "  address is fixed; the brokers' own ports are still chosen by the system.\n"
    "--brokers N: broker count (default 3).\n"
    "--topic NAME:PARTITIONS: also create this topic and its -dlq, e.g. one with more partitions\n"
    "  than the 4 of a topic created on first use; repeatable.\n"
    "\n"
    "Examples:\n"
    "  events kafka serve --port 9092\n"
    "  BOOTSTRAP=$(events kafka serve | head -1)   # in a script, in the background\n";

// Accepts on 127.0.0.1:port and relays each connection's bytes to and from one broker. A Kafka
// client bootstraps through it, then reaches every broker at the address the metadata gives.
class bootstrap_relay {
 public:
  bootstrap_relay(std::uint16_t port, std::uint16_t broker_port) : broker_port_(broker_port) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    int on = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in a = loopback(port);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listener_, 64) != 0) {
      std::string why = std::strerror(errno);
      ::close(listener_);
      throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + why);
    }
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  bootstrap_relay(const bootstrap_relay&) = delete;
  bootstrap_relay& operator=(const bootstrap_relay&) = delete;
  ~bootstrap_relay() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    ::close(listener_);
    for (auto& t : relays_) t.join();
  }

 private:
  static sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
  }
  void accept_loop() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      int broker = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in a = loopback(broker_port_);
      if (broker < 0 || ::connect(broker, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(client);
        if (broker >= 0) ::close(broker);
        continue;
      }
      relays_.emplace_back([this, client, broker] { relay(client, broker); });
    }
  }
  void relay(int a, int b) {
    char buf[1 << 16];
    pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    while (!stop_) {
      if (::poll(p, 2, 200) <= 0) continue;
      bool closed = false;
      for (int i = 0; i < 2 && !closed; ++i) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t n = ::read(p[i].fd, buf, sizeof buf);
        if (n <= 0) closed = true;
        for (ssize_t off = 0; n > 0 && off < n;) {
          ssize_t w = ::write(p[1 - i].fd, buf + off, static_cast<std::size_t>(n - off));
          if (w <= 0) {
            closed = true;
            break;
          }
          off += w;
        }
      }
      if (closed) break;
    }
    ::close(a);
    ::close(b);
  }

  int listener_ = -1;
  std::uint16_t broker_port_;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::list<std::thread> relays_;  // joined at the end: a local cluster has few connections
};

int serve_kafka(const arg_list& args) {
  std::uint64_t port = 0, brokers = 3;
  events::kafka::embedded_options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--topic" && i + 1 < args.size()) {
      const std::string_view spec = args[++i];
      const std::size_t colon = spec.rfind(':');
      std::uint64_t partitions = 0;
      if (colon == std::string_view::npos || colon == 0 || !parse_count(spec.substr(colon + 1), partitions) ||
          partitions < 1 || partitions > 1000)
        return usage(kafka_help, "--topic needs NAME:PARTITIONS with 1 to 1000 partitions, not '" + std::string(spec) + "'");
      const std::string name(spec.substr(0, colon));
      for (const auto& t : o.topics)
        if (t.name == name) return usage(kafka_help, "--topic: " + name + " is already created");
      o.topics.push_back({name, static_cast<int>(partitions), 3});  // replication capped at the broker count
    } else if ((args[i] == "--port" || args[i] == "--brokers") && i + 1 < args.size()) {
      std::uint64_t& v = args[i] == "--port" ? port : brokers;
      if (!parse_count(args[i + 1], v)) return usage(kafka_help, std::string(args[i]) + " needs a number");
      ++i;
    } else {
      return usage(kafka_help, "unexpected argument '" + std::string(args[i]) + "'");
    }
  }
  if (port > 65535) return usage(kafka_help, "--port needs a port from 1 to 65535");
  if (brokers < 1 || brokers > 16) return usage(kafka_help, "--brokers needs a count from 1 to 16");

  // Ctrl-C and SIGTERM are taken by sigwait below: blocked before any thread starts, so that no
  // broker thread is interrupted by them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  o.brokers = static_cast<int>(brokers);
  events::kafka::embedded_cluster cluster(o);
  std::unique_ptr<bootstrap_relay> relay;
  std::string bootstrap = cluster.bootstrap();
  if (port != 0) {
    const std::string first = bootstrap.substr(0, bootstrap.find(','));
    relay = std::make_unique<bootstrap_relay>(static_cast<std::uint16_t>(port),
                                              static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1))));
    bootstrap = "127.0.0.1:" + std::to_string(port);
  }
  std::size_t topics = 0;
  for (const auto& t : cluster.topics()) topics += 1 + !t.name.ends_with("-dlq");
  std::cout << bootstrap << std::endl;
  std::cerr << "events kafka serve: " << brokers << " broker(s) on 127.0.0.1 (" << cluster.bootstrap() << "), " << topics
            << " topics (the catalog's and their -dlq); Ctrl-C stops" << std::endl;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::cerr << "events kafka serve: stopped" << std::endl;
  return 0;
}

}  // namespace

int cmd_kafka(const arg_list& args) {
  if (args.empty()) return usage(kafka_help, "no kafka command given");
  if (wants_help(args)) return std::cout << kafka_help, 0;
  if (args[0] == "serve") return serve_kafka(arg_list(args.begin() + 1, args.end()));
  return usage(kafka_help, "unknown kafka command '" + std::string(args[0]) + "'");
}

}  // namespace events_tool
