// The doctest runner shared by every test binary. It also refuses the two ways a test can pass
// without testing anything:
// - a test case name ctest cannot carry: doctest_discover_tests reads `--list-test-cases` as a
//   CMake list, so a ';' cuts a name in two and an unbalanced '[' or ']' joins names; the pieces
//   become ctest tests whose `--test-case=` filter matches nothing. Any invocation (discovery
//   included, so the build) fails while such a name exists.
// - a run that executes no test case (the filter matched nothing) or a test case that ends
//   without a single assertion: the run fails, naming it.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

// ';' and '[' ']' for CMake's lists (above); '*' and '?' are wildcards in `--test-case=`.
// (Compiled as the compiler's default C++, not C++20: no string_view.)
const char* const unsafe_in_names = ";[]*?";

struct run_record {
  bool tests_ran = false;  // a run, not a query (--list-test-cases, --count, --help, ...)
  unsigned executed = 0;
  std::vector<std::string> without_assertions;
};
run_record record;

// A listener: sees every test case that runs, alongside the reporter.
struct vacuity_listener : doctest::IReporter {
  explicit vacuity_listener(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override { record.tests_ran = true; }
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData& tc) override { current_ = tc.m_name; }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats& stats) override {
    ++record.executed;
    // A test case that failed (an exception, a crash) is reported as such already.
    if (stats.numAssertsCurrentTest == 0 && stats.testCaseSuccess) record.without_assertions.push_back(current_);
  }
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}

 private:
  std::string current_;
};

}  // namespace

DOCTEST_REGISTER_LISTENER("events_vacuity", 1, vacuity_listener);

int main(int argc, char** argv) {
  int bad_names = 0;
  for (const auto& tc : doctest::detail::getRegisteredTests()) {
    if (std::strpbrk(tc.m_name, unsafe_in_names) != nullptr) {
      std::fprintf(stderr, "%s:%u: test case name \"%s\" holds one of \"%s\", which ctest's doctest discovery "
                           "cuts or misreads: rename it\n",
                   tc.m_file.c_str(), tc.m_line, tc.m_name, unsafe_in_names);
      ++bad_names;
    }
  }
  if (bad_names != 0) return 2;

  doctest::Context context(argc, argv);
  const int result = context.run();
  if (context.shouldExit() || !record.tests_ran) return result;
  int vacuous = 0;
  if (record.executed == 0) {
    std::fprintf(stderr, "events: no test case ran (does the --test-case filter name an existing test case?)\n");
    vacuous = 1;
  }
  for (const auto& name : record.without_assertions) {
    std::fprintf(stderr, "events: test case \"%s\" ran no assertion\n", name.c_str());
    vacuous = 1;
  }
  return result != 0 ? result : vacuous;
}
