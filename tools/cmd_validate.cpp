// `events validate` and `events fmt`: NDJSON checked (and re-encoded) on every core, chunk by
// chunk, with output in input order.
#include "catalog_rows.hpp"
#include "cli.hpp"
#include "input_chunks.hpp"

#include <events/catalog.hpp>
#include <events/events.hpp>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <thread>
#include <variant>
#include <vector>

namespace events_tool {
namespace {

using catalog = events::catalog_registry;

constexpr const char* validate_help =
    "usage: events validate [<type>] [-j N] [FILE...]\n"
    "\n"
    "Reads NDJSON from the files (or stdin, or `-`) and checks every line. Without <type> each\n"
    "line is decoded as the catalog type its event_type (and version) names; with <type> every\n"
    "line must be that type (any version of it; one version with .vN). For each invalid\n"
    "line prints one JSON line on stdout:\n"
    "  {\"line\": N, \"errors\": [{\"path\": ..., \"code\": ..., \"message\": ...}]}\n"
    "Lines are numbered from 1 across all inputs, as if concatenated; empty lines are skipped.\n"
    "Prints `N valid, M invalid` on stderr. Exit status: 0 all valid, 1 some invalid, 2 usage.\n"
    "-j N: decode on N threads (default: every core); the output is the same for any N.\n"
    "A timestamp without offset (Python's datetime.utcnow()) is read as UTC; --aware-timestamps\n"
    "refuses it (timezone_aware), as Pydantic's AwareDatetime does.\n"
    "\n"
    "Examples:\n"
    "  events validate events.ndjson\n"
    "  kafkacat -C -t todos -e | events validate TodoCreated\n";

constexpr const char* fmt_help =
    "usage: events fmt [<type>] [-j N] [FILE...]\n"
    "\n"
    "Reads NDJSON like `events validate` and writes every valid line re-encoded in canonical form\n"
    "(what the library's encoder and Pydantic's model_dump_json write: declared field order, no\n"
    "spaces, defaults filled in, UTC times with microseconds as given) on stdout, in input order.\n"
    "Invalid lines are left out and reported on stderr as `validate` reports them, followed by\n"
    "`N valid, M invalid`. Exit status: 0 all valid, 1 some invalid, 2 usage.\n"
    "Naive timestamps are read as UTC and written with Z; --aware-timestamps refuses them.\n"
    "\n"
    "Examples:\n"
    "  events fmt producer-dump.ndjson > canonical.ndjson\n"
    "  kafkacat -C -t task-events -e | events fmt task.created\n";

struct validator {
  const entry* typed = nullptr;  // null: dispatch on event_type
  bool exact_version = false;    // named with .vN: only that version
  bool only_version = false;     // the named type has no other version in the catalog
  catalog::variant any;
  events::decode_options options;

  events::error_list check(std::string_view line, std::string* canonical) {
    if (typed && typed->index == npos) return typed->decode_direct(line, canonical, options);
    events::error_list errors;
    if (typed && (exact_version || only_version)) {
      // The line must be this very type: decoded as that, without reading its event_type first (a
      // line of another type fails on its event_type or event_version literal, as before).
      errors = catalog::decode_as(typed->index, line, any, options);
    } else if (!typed) {
      errors = catalog::decode(line, any, options);
    } else {
      auto which = catalog::identify(line, options);
      if (which && (exact_version ? *which == typed->index : catalog::type_names[*which] == typed->type))
        errors = catalog::decode_as(*which, line, any, options);
      else
        errors = catalog::decode_as(typed->index, line, any, options);  // reports why it is not this type
    }
    if (errors.empty() && canonical) std::visit([&](const auto& e) { events::to_json(*canonical, e); }, any);
    return errors;
  }
};

void report_body(std::string& out, const events::error_list& errors) {
  out += ", \"errors\": [";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i) out += ", ";
    out += "{\"path\": ";
    put_string(out, errors[i].path);
    out += ", \"code\": ";
    put_string(out, errors[i].code);
    out += ", \"message\": ";
    put_string(out, errors[i].message);
    out += '}';
  }
  out += "]}\n";
}

// What one chunk gave: its line count, counts, canonical lines (fmt) and reports by local line.
struct chunk_result {
  std::uint64_t lines = 0, valid = 0, invalid = 0;
  std::string canonical;
  std::string reports;  // report bodies, back to back
  std::vector<std::pair<std::uint64_t, std::size_t>> report_ends;  // (local line, end in reports)
};

events::error_list line_too_large(const events::decode_options& o) {
  return {{"", "json_too_large", "Line exceeds the limit of " + std::to_string(o.max_input_bytes) + " bytes", {}}};
}

void process(const chunk& c, validator& v, bool reencode, chunk_result& r) {
  r = {};
  if (c.too_long) {
    r.lines = 1;
    r.invalid = 1;
    report_body(r.reports, line_too_large(v.options));
    r.report_ends.emplace_back(1, r.reports.size());
    return;
  }
  std::string_view rest = c.text;
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    ++r.lines;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // Blank: the usual line starts with '{', and only one starting with a blank is searched.
    if (line.empty() || ((line[0] == ' ' || line[0] == '\t') && line.find_first_not_of(" \t") == std::string_view::npos))
      continue;
    const std::size_t before = r.canonical.size();
    const bool too_large = line.size() > v.options.max_input_bytes;
    events::error_list errors = too_large ? line_too_large(v.options) : v.check(line, reencode ? &r.canonical : nullptr);
    if (!too_large && reencode) {
      if (errors.empty()) r.canonical += '\n';
      else r.canonical.resize(before);
    }
    if (errors.empty()) {
      ++r.valid;
    } else {
      ++r.invalid;
      report_body(r.reports, errors);
      r.report_ends.emplace_back(r.lines, r.reports.size());
    }
  }
}

// Every chunk decoded on every worker (the calling thread is worker 0); results are handed to
// `emit` in input order by the calling thread, between its own chunks, as soon as they are done.
template <class Emit>
void pipeline(const std::vector<chunk>& chunks, std::vector<validator>& workers, bool reencode, Emit&& emit) {
  const std::size_t n = chunks.size();
  std::vector<chunk_result> results(n);
  std::vector<std::atomic<bool>> done(n);
  std::atomic<std::size_t> next{0};
  std::size_t written = 0;
  auto flush = [&] {
    for (; written < n && done[written].load(std::memory_order_acquire); ++written) {
      emit(results[written]);
      results[written] = {};  // its text is written: free it
    }
  };
  auto work = [&](unsigned w) {
    for (std::size_t k; (k = next.fetch_add(1, std::memory_order_relaxed)) < n;) {
      process(chunks[k], workers[w], reencode, results[k]);
      done[k].store(true, std::memory_order_release);
      if (w == 0) flush();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers.size() && w < n; ++w) threads.emplace_back(work, w);
  work(0);
  for (auto& t : threads) t.join();
  flush();
}

void write_all(std::FILE* to, const std::string& s) {
  if (!s.empty()) std::fwrite(s.data(), 1, s.size(), to);
}

int run(const arg_list& args, bool reencode) {
  const char* help = reencode ? fmt_help : validate_help;
  if (wants_help(args)) return std::cout << help, 0;
  validator proto;
  std::vector<std::string> files;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  bool type_allowed = true;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "-j" || a == "--jobs" || (a.starts_with("-j") && a.size() > 2)) {
      std::string_view n = a.size() > 2 && a != "--jobs" ? a.substr(2) : (i + 1 < args.size() ? args[++i] : "");
      std::uint64_t j = 0;
      if (!parse_count(n, j) || j == 0 || j > 256) return usage(help, "-j needs a thread count from 1 to 256");
      jobs = static_cast<unsigned>(j);
      continue;
    }
    if (a == "--aware-timestamps") {
      proto.options.allow_naive_timestamps = false;
      continue;
    }
    if (a.starts_with("--")) return usage(help, "unknown option '" + std::string(a) + "'");
    if (type_allowed) {
      type_allowed = false;
      if (const entry* e = find_entry(a)) {
        proto.typed = e;
        proto.exact_version = a != e->type;
        proto.only_version = true;
        for (const auto& other : entries()) proto.only_version = proto.only_version && (&other == e || other.type != e->type);
        continue;
      }
    }
    files.emplace_back(a);
  }
  std::vector<std::FILE*> inputs;
  if (files.empty()) files.push_back("-");
  auto close_all = [&] {
    for (auto* x : inputs)
      if (x != stdin) std::fclose(x);
  };
  for (const auto& f : files) {
    std::FILE* in = f == "-" ? stdin : std::fopen(f.c_str(), "rb");
    if (!in) {
      close_all();
      bool first_unknown = !proto.typed && f == files.front() && files.size() > 1;
      return usage(help, "cannot open '" + f + "': " + std::strerror(errno) +
                             (first_unknown ? " (and it is no known type; see `events list`)" : ""));
    }
    inputs.push_back(in);
  }

  std::vector<validator> workers(jobs, proto);
  std::uint64_t line_no = 0, valid = 0, invalid = 0;
  std::FILE* report_to = reencode ? stderr : stdout;
  std::string head;
  auto emit = [&](const chunk_result& r) {
    write_all(stdout, r.canonical);
    std::size_t begin = 0;
    for (auto [local, end] : r.report_ends) {
      head = "{\"line\": " + std::to_string(line_no + local);
      write_all(report_to, head);
      std::fwrite(r.reports.data() + begin, 1, end - begin, report_to);
      begin = end;
    }
    line_no += r.lines;
    valid += r.valid;
    invalid += r.invalid;
  };
  for (std::FILE* in : inputs) {
    chunk_source source(in, proto.options.max_input_bytes, jobs > 1 ? std::size_t{256} << 10 : std::size_t{1} << 20);
    if (source.mapped()) {
      // A mapped file: its chunks are known at once (no copy), and every thread takes the next one
      // until none is left, with no pause between batches.
      std::vector<chunk> chunks;
      for (chunk c; source.next(c);) chunks.push_back(std::move(c));
      pipeline(chunks, workers, reencode, emit);
      continue;
    }
    // A stream: read a batch of chunks, decode them on every thread, write, repeat.
    const std::size_t batch = 4 * jobs;
    std::vector<chunk> chunks(batch);
    std::vector<chunk_result> results(batch);
    for (bool more = true; more;) {
      std::size_t n = 0;
      while (n < batch && (more = source.next(chunks[n]))) ++n;
      std::atomic<std::size_t> next{0};
      auto work = [&](unsigned w) {
        for (std::size_t k; (k = next.fetch_add(1)) < n;) process(chunks[k], workers[w], reencode, results[k]);
      };
      std::vector<std::thread> threads;
      for (unsigned w = 1; w < jobs && w < n; ++w) threads.emplace_back(work, w);
      work(0);
      for (auto& t : threads) t.join();
      for (std::size_t k = 0; k < n; ++k) emit(results[k]);
    }
  }
  close_all();
  std::fflush(stdout);
  std::fflush(stderr);
  std::cerr << valid << " valid, " << invalid << " invalid\n";
  return invalid ? 1 : 0;
}

}  // namespace

int cmd_validate(const arg_list& args) { return run(args, false); }
int cmd_fmt(const arg_list& args) { return run(args, true); }

}  // namespace events_tool
