#pragma once
/// \file The little of libpq the outbox, relay and inbox need: a connection that runs
/// parameterised statements, their results as text, and errors carrying PostgreSQL's SQLSTATE.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// #include <events/outbox/outbox.hpp>
/// events::event<events::TaskCompletedPayload> ev; std::string id; -->
/// \code
/// events::pg::connection db("host=localhost port=5432 dbname=app");
/// db.exec("BEGIN");
/// events::outbox::write(db, events::outbox::row_of(ev, "task"));   // in the caller's transaction
/// db.exec("UPDATE tasks SET done = true WHERE id = $1", {id});
/// db.exec("COMMIT");
/// \endcode
#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace events::pg {

/// A failed statement or connection: PostgreSQL's message and SQLSTATE ("" when the connection
/// itself failed: then broken() is true).
class error : public std::runtime_error {
 public:
  error(const std::string& what, std::string sqlstate, bool broken)
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)), broken_(broken) {}
  /// Five-character SQLSTATE ("23505": unique violation, "40001": serialization failure).
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  /// The connection is lost (server restarted, network): reconnect and try again.
  bool broken() const noexcept { return broken_; }

 private:
  std::string sqlstate_;
  bool broken_;
};

/// A statement's rows, as text (NULL: std::nullopt).
class result {
 public:
  explicit result(PGresult* r) : r_(r, &PQclear) {}
  int rows() const noexcept { return PQntuples(r_.get()); }
  /// Rows changed by INSERT/UPDATE/DELETE.
  long affected() const { return std::stol("0" + std::string(PQcmdTuples(r_.get()))); }
  std::optional<std::string_view> get(int row, int column) const {
    if (PQgetisnull(r_.get(), row, column)) return std::nullopt;
    return std::string_view(PQgetvalue(r_.get(), row, column), static_cast<std::size_t>(PQgetlength(r_.get(), row, column)));
  }
  std::string text(int row, int column) const { return std::string(get(row, column).value_or(std::string_view())); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

/// One libpq connection. Not thread-safe: one per thread.
class connection {
 public:
  /// Connects (libpq connection string or URI); throws pg::error when it cannot.
  explicit connection(std::string conninfo) : conninfo_(std::move(conninfo)), c_(nullptr, &PQfinish) { open(); }

  /// Runs a statement with text parameters ($1, $2, ...; std::nullopt is NULL); without
  /// parameters, `sql` may hold several statements (a DDL script).
  result exec(std::string_view sql, const std::vector<std::optional<std::string>>& params = {}) {
    if (!c_ || PQstatus(c_.get()) != CONNECTION_OK) throw error("pg: connection lost", "", true);
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    std::string q(sql);
    PGresult* r = params.empty() ? PQexec(c_.get(), q.c_str())
                                 : PQexecParams(c_.get(), q.c_str(), static_cast<int>(values.size()), nullptr,
                                                values.data(), nullptr, nullptr, 0);
    result out(r);
    auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return out;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const bool lost = PQstatus(c_.get()) != CONNECTION_OK;
    std::string what = r ? PQresultErrorMessage(r) : PQerrorMessage(c_.get());
    while (!what.empty() && what.back() == '\n') what.pop_back();
    throw error("pg: " + what, state ? state : "", lost || state == nullptr || std::string_view(state).substr(0, 2) == "08" ||
                                                        std::string_view(state) == "57P01");
  }

  /// ROLLBACK when a transaction is open (ignoring a lost connection); used on failure paths.
  void rollback() noexcept {
    if (c_ && PQstatus(c_.get()) == CONNECTION_OK && PQtransactionStatus(c_.get()) != PQTRANS_IDLE) {
      PGresult* r = PQexec(c_.get(), "ROLLBACK");
      PQclear(r);
    }
  }

  /// Connects again when the connection is lost; true when it is usable.
  bool ensure() noexcept {
    if (c_ && PQstatus(c_.get()) == CONNECTION_OK) return true;
    try {
      open();
      return true;
    } catch (const error&) {
      return false;
    }
  }

  /// Closes the socket without a word to the server, as a crash would: the server rolls back
  /// what was open. For fault tests.
  void drop() noexcept { c_.reset(); }

  /// libpq's connection.
  PGconn* native() noexcept { return c_.get(); }

 private:
  void open() {
    c_.reset(PQconnectdb(conninfo_.c_str()));
    if (!c_ || PQstatus(c_.get()) != CONNECTION_OK) {
      std::string why = c_ ? PQerrorMessage(c_.get()) : "out of memory";
      while (!why.empty() && why.back() == '\n') why.pop_back();
      c_.reset();
      throw error("pg: cannot connect: " + why, "", true);
    }
  }

  std::string conninfo_;
  std::unique_ptr<PGconn, void (*)(PGconn*)> c_;
};

/// Runs `fn()` between BEGIN and COMMIT; ROLLBACK and rethrow when it throws.
template <class F>
decltype(auto) in_transaction(connection& db, F&& fn) {
  db.exec("BEGIN");
  try {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      db.exec("COMMIT");
    } else {
      decltype(auto) out = fn();
      db.exec("COMMIT");
      return out;
    }
  } catch (...) {
    db.rollback();
    throw;
  }
}

}  // namespace events::pg
