#pragma once
/// \file The WebSocket bridge of seed 003: task events arriving on `task-updates` are pushed, in
/// order, to every connected WebSocket client (Boost.Beast; header-only, links only Threads).
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// events::dapr::subscriber subscriber; -->
/// \code
/// events::dapr::websocket_bridge bridge;                 // ws://127.0.0.1:<port>/ (any path)
/// bridge.attach<events::event<events::TaskCreatedPayload>,
///               events::event<events::TaskCompletedPayload>>(subscriber);   // topic task-updates
/// // a browser: new WebSocket("ws://host:" + port + "/task-updates")
/// \endcode
///
/// Each client receives each event's JSON as one text message, in the order the bridge received
/// them. The bridge holds no history: a client sees what arrives after it connected. A client
/// that stops reading has its messages queued (up to max_queued, then it is disconnected), so a
/// slow client never holds up the others or the subscriber.
#include <events/dapr/subscriber.hpp>
#include <events/json.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace events::dapr {

/// Where the bridge listens and how much it queues per client.
struct bridge_options {
  std::string host = "127.0.0.1";
  unsigned short port = 0;        ///< 0: any free port (see port()).
  std::size_t max_queued = 10000; ///< Per client; beyond it the client is disconnected.
};

/// Pushes text messages to every connected WebSocket client.
class websocket_bridge {
 public:
  explicit websocket_bridge(bridge_options o = {}) : options_(std::move(o)), acceptor_(ioc_) {
    namespace asio = boost::asio;
    asio::ip::tcp::endpoint ep(asio::ip::make_address(options_.host), options_.port);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  websocket_bridge(const websocket_bridge&) = delete;
  websocket_bridge& operator=(const websocket_bridge&) = delete;
  ~websocket_bridge() {
    boost::asio::post(ioc_, [this] {
      boost::system::error_code ec;
      acceptor_.close(ec);
      for (auto& s : sessions_) s->ws.next_layer().close(ec);
      sessions_.clear();
    });
    thread_.join();  // run() returns once the closed acceptor and sockets have no work left
  }

  unsigned short port() const noexcept { return port_; }
  /// Clients connected (handshake done) now.
  std::size_t clients() const noexcept { return clients_; }
  /// Messages handed to broadcast so far.
  std::size_t broadcasts() const noexcept { return broadcasts_; }

  /// Sends `text` to every connected client, after everything broadcast before it. Thread-safe.
  void broadcast(std::string text) {
    ++broadcasts_;
    auto shared = std::make_shared<const std::string>(std::move(text));
    boost::asio::post(ioc_, [this, shared] {
      for (auto& s : sessions_) {
        if (!s->open) continue;
        if (s->queue.size() >= options_.max_queued) {
          boost::system::error_code ec;
          s->ws.next_layer().close(ec);
          continue;
        }
        s->queue.push_back(shared);
        if (s->queue.size() == 1) write(s);
      }
    });
  }

  /// Subscribes to `topic` on `sub` for each event type Es and broadcasts each as its JSON.
  template <class... Es>
  void attach(subscriber& sub, std::string_view topic = "task-updates") {
    (sub.on<Es>([this](const Es& ev) { broadcast(events::to_json(ev)); }, topic), ...);
  }

 private:
  struct session {
    explicit session(boost::asio::ip::tcp::socket s) : ws(std::move(s)) {}
    boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws;
    boost::beast::flat_buffer in;
    std::deque<std::shared_ptr<const std::string>> queue;
    bool open = false;
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
      if (ec) return;  // closed: shutting down
      auto s = std::make_shared<session>(std::move(socket));
      s->ws.text(true);
      sessions_.insert(s);  // before the handshake, so shutdown closes it too
      s->ws.async_accept([this, s](boost::system::error_code hec) {
        if (hec) return drop(s);
        s->open = true;
        ++clients_;
        read(s);
      });
      accept();
    });
  }

  // Reads (and ignores) what the client sends, to notice when it goes away.
  void read(const std::shared_ptr<session>& s) {
    s->ws.async_read(s->in, [this, s](boost::system::error_code ec, std::size_t) {
      if (ec) return drop(s);
      s->in.consume(s->in.size());
      read(s);
    });
  }

  void write(const std::shared_ptr<session>& s) {
    s->ws.async_write(boost::asio::buffer(*s->queue.front()), [this, s](boost::system::error_code ec, std::size_t) {
      if (ec) return drop(s);
      s->queue.pop_front();
      if (!s->queue.empty()) write(s);
    });
  }

  void drop(const std::shared_ptr<session>& s) {
    if (sessions_.erase(s) && s->open) --clients_;
    s->queue.clear();
  }

  bridge_options options_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::set<std::shared_ptr<session>> sessions_;  // touched only on the io thread
  std::atomic<std::size_t> clients_{0}, broadcasts_{0};
};

}  // namespace events::dapr
