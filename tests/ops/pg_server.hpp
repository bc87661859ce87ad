#pragma once
// A PostgreSQL 15 server for one test: initdb in a temporary directory, started with pg_ctl as an
// unprivileged user (PostgreSQL refuses root; CI runs as root, so the server runs as `nobody`),
// listening only on a unix socket in that directory. Stopped and removed with the object.
#include <doctest/doctest.h>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace kt {

class pg_server {
 public:
  pg_server() {
    // The system's temporary directory (TMPDIR, else /tmp); keep it short: the server's unix
    // socket path must fit in 107 bytes.
    std::string tmpl = (std::filesystem::temp_directory_path() / "events-pg-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("pg_server: mkdtemp failed in " + tmpl);
    dir_ = tmpl;
    if (geteuid() == 0) {
      const passwd* pw = getpwnam("nobody");
      if (pw == nullptr) throw std::runtime_error("pg_server: no user nobody to run PostgreSQL as");
      if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("pg_server: chown failed");
      as_ = "runuser -u nobody -- ";
    }
    sh(as_ + bin("initdb") + " -D " + dir_ + "/data -U events -A trust -E UTF8 --no-sync --no-instructions > " + dir_ +
       "/initdb.log 2>&1");
    start();
  }
  pg_server(const pg_server&) = delete;
  pg_server& operator=(const pg_server&) = delete;
  ~pg_server() {
    std::system(("cd " + dir_ + " && " + as_ + bin("pg_ctl") + " -D " + dir_ + "/data -m immediate -w stop >/dev/null 2>&1").c_str());
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  /// libpq connection string.
  std::string conninfo() const { return "host=" + dir_ + " port=5432 user=events dbname=postgres connect_timeout=5"; }
  void start() {
    sh(as_ + bin("pg_ctl") + " -D " + dir_ + "/data -l " + dir_ + "/server.log -w -t 60 -o \"-k " + dir_ +
       " -c listen_addresses='' -p 5432 -c fsync=off -c max_connections=30\" start >/dev/null");
  }
  /// Stops (fast: open sessions are ended, their transactions rolled back) and starts again.
  void restart() {
    sh(as_ + bin("pg_ctl") + " -D " + dir_ + "/data -m fast -w stop >/dev/null");
    start();
  }

 private:
  static std::string bin(const char* tool) { return std::string(EVENTS_PG_BIN) + "/" + tool; }
  void sh(const std::string& cmd) {
    int rc = std::system(("cd " + dir_ + " && " + cmd).c_str());
    if (rc != 0) throw std::runtime_error("pg_server: failed (" + std::to_string(rc) + "): " + cmd);
  }
  std::string dir_;
  std::string as_;
};

}  // namespace kt
