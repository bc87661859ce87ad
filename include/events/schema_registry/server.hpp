#pragma once
/// \file A schema registry over HTTP (cpp-httplib): a `store` behind Confluent's REST API, on
/// 127.0.0.1 by default, with basic auth when given credentials and optional file persistence
/// (the whole state rewritten atomically after each change, read back at start, so ids survive a
/// restart). What `events registry serve` runs; tests start one on a free port.
///
/// \code
/// events::schema_registry::server reg({.port = 0});      // any free port
/// reg.start();
/// std::string url = reg.url();                            // "http://127.0.0.1:41234"
/// \endcode
#include <events/schema_registry/store.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

namespace events::schema_registry {

/// How a registry server listens.
struct server_options {
  std::string host = "127.0.0.1";  ///< Loopback by default: a development registry is not exposed.
  int port = 8081;                 ///< Confluent's port; 0: any free port.
  std::string username;            ///< Basic auth: requests without these credentials get 401.
  std::string password;
  std::string file;                ///< Where the state is kept; empty: memory only.
  /// Told one line per request ("POST /subjects/x/versions 200"); never a header or a body.
  std::function<void(const std::string&)> log;
};

namespace detail {

inline std::string base64_decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = val(c);
    if (v < 0) return {};
    acc = acc << 6 | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

// Compares without stopping at the first difference, so timing tells nothing about the secret.
inline bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace detail

/// A registry on HTTP.
class server {
 public:
  explicit server(server_options options) : options_(std::move(options)) {
    if (!options_.file.empty()) {
      std::ifstream in(options_.file);
      if (in) {
        std::stringstream ss;
        ss << in.rdbuf();
        if (!ss.str().empty()) {
          auto j = nlohmann::json::parse(ss.str(), nullptr, false);
          if (j.is_discarded()) throw std::runtime_error("registry file " + options_.file + " is not JSON");
          store_.load(j);
        }
      }
      store_.on_change = [this](const nlohmann::json& state) { save(state); };
    }
    http_.Get(R"(/.*)", [this](const httplib::Request& q, httplib::Response& r) { serve("GET", q, r); });
    http_.Post(R"(/.*)", [this](const httplib::Request& q, httplib::Response& r) { serve("POST", q, r); });
    http_.Put(R"(/.*)", [this](const httplib::Request& q, httplib::Response& r) { serve("PUT", q, r); });
    http_.Delete(R"(/.*)", [this](const httplib::Request& q, httplib::Response& r) { serve("DELETE", q, r); });
  }
  server(const server&) = delete;
  server& operator=(const server&) = delete;
  ~server() { stop(); }

  /// Binds and serves on a thread of its own. Throws std::runtime_error when the port is taken.
  void start() {
    bind();
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    while (!http_.is_running()) std::this_thread::yield();
  }

  /// Serves on the calling thread until stop() (binds first).
  void run() {
    bind();
    if (on_ready) on_ready(url());
    http_.listen_after_bind();
  }

  /// Called by run() once bound, with the URL.
  std::function<void(const std::string&)> on_ready;

  /// stop() for a signal handler: only closes the listening socket (run() then returns).
  void stop_from_signal() noexcept { http_.stop(); }

  void stop() {
    http_.stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const noexcept { return port_; }
  std::string url() const { return "http://" + options_.host + ":" + std::to_string(port_); }
  /// The registry itself (for in-process callers).
  events::schema_registry::store& registry() noexcept { return store_; }

 private:
  // Binds the configured host and port (any free port when 0).
  void bind() {
    if (options_.port == 0) {
      port_ = http_.bind_to_any_port(options_.host);
      if (port_ < 0) throw std::runtime_error("cannot bind " + options_.host);
    } else {
      if (!http_.bind_to_port(options_.host, options_.port))
        throw std::runtime_error("cannot bind " + options_.host + ":" + std::to_string(options_.port));
      port_ = options_.port;
    }
  }

  bool authorized(const httplib::Request& q) const {
    if (options_.username.empty() && options_.password.empty()) return true;
    auto h = q.get_header_value("Authorization");
    if (h.rfind("Basic ", 0) != 0) return false;
    const std::string given = detail::base64_decode(std::string_view(h).substr(6));
    return detail::same_secret(given, options_.username + ":" + options_.password);
  }

  void serve(const char* method, const httplib::Request& q, httplib::Response& r) {
    reply out;
    if (!authorized(q)) {
      out = {401, {{"error_code", 401}, {"message", "Unauthorized"}}};
      r.set_header("WWW-Authenticate", "Basic realm=\"events registry\"");
    } else {
      std::map<std::string, std::string> query;
      for (const auto& [k, v] : q.params) query[k] = v;
      out = store_.handle(method, q.path, query, q.body);
    }
    r.status = out.status;
    r.set_content(out.body.dump(), "application/vnd.schemaregistry.v1+json");
    if (options_.log) options_.log(std::string(method) + " " + q.path + " " + std::to_string(out.status));
  }

  void save(const nlohmann::json& state) {
    const std::string tmp = options_.file + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << state.dump(1);
      if (!out) throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), options_.file.c_str()) != 0) throw std::runtime_error("cannot replace " + options_.file);
  }

  server_options options_;
  events::schema_registry::store store_;
  httplib::Server http_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace events::schema_registry
