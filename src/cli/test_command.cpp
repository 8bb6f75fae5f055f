// `muster test PATH... [--filter PATTERN]... [--format text|json|junit] [--coverage] [--update]`
//
// Runs scenario files (docs/replay.md "Scenarios"): each named file, and every *.yaml / *.yml
// under each named directory, in path order. A file is a scenario by its top-level keys
// (`scenario:`, `given:` or `when:`); a policy, a registry or another YAML file in the folder is
// skipped with a one-line note on standard error. `--filter` keeps the scenarios whose name,
// path or file name contains the pattern (or matches it, when it has * ? or [...]).
//
//   text   `PASS name`, `FAIL name` with what differed (a unified diff), `ERROR name` with the
//          diagnostics of a file that could not run; last line `N passed, M failed[, …]`
//   json   one object per scenario per line, then `{"summary": …}` (JSON Lines)
//   junit  one XML document: testsuites / testsuite per directory / testcase, with <failure>
//          (the diff) and <error> (the diagnostics)
//
// `--coverage`: how often each rule of each policy was cited (effects' `because`, a rejection's
// refusing rule) across the scenarios run, and which rules never were.
//
// `--update`: a failing scenario's exact `effects:` lists are rewritten from the actual effects
// (scenario_update.cpp), and the scenario is run again: UPDATED when it passes now.
//
// Exit 0 when every scenario passed; 1 when some failed; 2 when something could not run (a
// bad command line, a path that names nothing, a scenario file that does not load — its
// policy does not compile, it is not valid YAML, it names unknown ids — or nothing to run).
#include "cli/commands.hpp"
#include "cli/scenario.hpp"
#include "common/xml_escape.hpp"

#include <muster/engine.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace muster::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

struct test_options {
  std::vector<std::string> paths;
  std::vector<std::string> filters;
  std::string format = "text";
  bool coverage = false;
  bool update = false;
  run_options run;
};

bool is_yaml_file(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

/// The YAML files a path names; false (with a message) when it names nothing readable.
bool collect(const std::string& path, std::vector<std::string>& out) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    fmt::print(stderr, "muster test: {}: no such file or directory\n", path);
    return false;
  }
  if (!fs::is_directory(st)) {
    out.push_back(path);
    return true;
  }
  std::vector<std::string> found;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && is_yaml_file(it->path())) found.push_back(it->path().string());
  if (ec) {
    fmt::print(stderr, "muster test: {}: {}\n", path, ec.message());
    return false;
  }
  std::sort(found.begin(), found.end());
  if (found.empty()) fmt::print(stderr, "muster test: {}: no scenario files (*.yaml, *.yml)\n", path);
  out.insert(out.end(), found.begin(), found.end());
  return !found.empty();
}

// ---- --filter ----------------------------------------------------------------------------------

/// `[...]` at `p` (after the '['): whether `c` is in the set; `p` moves past the ']'.
/// False with `p` unmoved when the bracket does not close (then '[' is a literal).
bool bracket(std::string_view pat, std::size_t& p, char c, bool& in_set) {
  std::size_t i = p;
  const bool negated = i < pat.size() && (pat[i] == '!' || pat[i] == '^');
  if (negated) ++i;
  bool hit = false;
  bool first = true;
  for (; i < pat.size() && (first || pat[i] != ']'); first = false) {
    char lo = pat[i], hi = lo;
    if (i + 2 < pat.size() && pat[i + 1] == '-' && pat[i + 2] != ']') {
      hi = pat[i + 2];
      i += 3;
    } else {
      ++i;
    }
    if (lo <= c && c <= hi) hit = true;
  }
  if (i >= pat.size()) return false;
  p = i + 1;
  in_set = hit != negated;
  return true;
}

/// Shell-style glob over the whole text: `*` any run (slashes too), `?` one byte, `[a-z]` / `[!x]`.
bool glob_match(std::string_view pat, std::string_view text) {
  std::size_t p = 0, t = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pat.size() && pat[p] == '*') {
      star_p = ++p;
      star_t = t;
      continue;
    }
    if (p < pat.size()) {
      std::size_t next = p + 1;
      bool ok = false;
      if (pat[p] == '?') ok = true;
      else if (pat[p] == '[' && bracket(pat, next, text[t], ok)) {
      } else ok = pat[p] == text[t];
      if (ok) {
        p = next;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

bool is_glob(std::string_view pat) { return pat.find_first_of("*?[") != std::string_view::npos; }

/// Whether a scenario is selected: no filters, or one filter matches its name, path or file name.
bool selected(const std::vector<std::string>& filters, const std::string& name, const std::string& file) {
  if (filters.empty()) return true;
  const std::string base = fs::path(file).filename().string();
  for (const std::string& f : filters)
    for (const std::string* s : {&name, &file, &base})
      if (is_glob(f) ? glob_match(f, *s) : s->find(f) != std::string::npos) return true;
  return false;
}

// ---- results -----------------------------------------------------------------------------------

enum class case_status { passed, failed, error, updated };
const char* to_string(case_status s) {
  switch (s) {
    case case_status::passed: return "passed";
    case case_status::failed: return "failed";
    case case_status::updated: return "updated";
    default: return "error";
  }
}

struct case_result {
  std::string file, name;
  case_status st = case_status::passed;
  double seconds = 0;
  std::vector<scenario_problem> problems;  ///< failed
  std::vector<diagnostic> diags;           ///< error: why the file could not run
  std::string report;                      ///< the text of either
  std::string note;                        ///< what --update did
};

/// Every rule of one policy and how often the scenarios that ran under it cited each.
struct policy_coverage {
  std::string file, id, version;
  std::vector<const rule_ref*> rules;   ///< table order (engine::rules())
  std::map<std::string, std::size_t> fired;
  std::size_t scenarios = 0;
  std::shared_ptr<const policy> keep;  ///< the rule_refs live in the policy
};

std::vector<const rule_ref*> by_position(std::vector<const rule_ref*> rules) {
  std::stable_sort(rules.begin(), rules.end(), [](const rule_ref* a, const rule_ref* b) {
    return a->where.file != b->where.file ? a->where.file < b->where.file
           : a->where.line != b->where.line ? a->where.line < b->where.line
                                            : a->where.column < b->where.column;
  });
  return rules;
}

std::size_t fired_count(const policy_coverage& c) {
  std::size_t n = 0;
  for (const rule_ref* r : c.rules) n += c.fired.count(r->id) ? 1 : 0;
  return n;
}

std::string rule_place(const rule_ref& r) { return fmt::format("{}:{}:{}", r.where.file, r.where.line, r.where.column); }
std::string clauses(const rule_ref& r) { return r.clauses.empty() ? std::string() : fmt::format("  [{}]", fmt::join(r.clauses, ", ")); }

std::string head_of(const std::string& id) { return id.substr(0, id.find('.')); }

std::string coverage_text(const std::vector<policy_coverage>& all) {
  std::string s;
  for (const policy_coverage& c : all) {
    const std::vector<const rule_ref*> rules = by_position(c.rules);
    const std::size_t fired = fired_count(c);
    s += fmt::format("\ncoverage of {} ({} {}): {} of {} rules fired in {} scenario{}\n", c.file, c.id, c.version, fired, rules.size(),
                     c.scenarios, c.scenarios == 1 ? "" : "s");
    if (fired < rules.size()) {
      // A block of four or more rules (`incident_types.*`) none of which fired is one line.
      std::map<std::string, std::pair<std::size_t, std::size_t>> blocks;  // head → (rules, fired)
      for (const rule_ref* r : rules) {
        auto& b = blocks[head_of(r->id)];
        ++b.first;
        b.second += c.fired.count(r->id);
      }
      s += "  never fired:\n";
      for (std::size_t i = 0; i < rules.size(); ++i) {
        const rule_ref* r = rules[i];
        if (c.fired.count(r->id)) continue;
        const std::string head = head_of(r->id);
        const auto& b = blocks[head];
        if (head != r->id && b.first >= 4 && b.second == 0) {
          std::uint32_t last = r->where.line;
          while (i + 1 < rules.size() && head_of(rules[i + 1]->id) == head) last = rules[++i]->where.line;
          s += fmt::format("    {}  {}.* (all {}, to line {}){}\n", rule_place(*r), head, b.first, last, clauses(*r));
          continue;
        }
        s += fmt::format("    {}  {}{}\n", rule_place(*r), r->id, clauses(*r));
      }
    }
    if (fired > 0) {
      s += "  fired (times cited):\n";
      for (const rule_ref* r : rules)
        if (auto it = c.fired.find(r->id); it != c.fired.end()) s += fmt::format("    {}  {}  {}\n", rule_place(*r), r->id, it->second);
    }
  }
  return s;
}

json coverage_json(const policy_coverage& c) {
  json rules = json::array();
  for (const rule_ref* r : by_position(c.rules)) {
    auto it = c.fired.find(r->id);
    rules.push_back({{"rule", r->id}, {"file", r->where.file}, {"line", r->where.line}, {"column", r->where.column},
                     {"clauses", r->clauses}, {"fired", it == c.fired.end() ? 0 : it->second}});
  }
  return {{"coverage",
           {{"policy", c.file}, {"id", c.id}, {"version", c.version}, {"digest", c.keep->digest}, {"scenarios", c.scenarios},
            {"rules", c.rules.size()}, {"fired", fired_count(c)}, {"by_rule", std::move(rules)}}}};
}

json diagnostic_json(const diagnostic& d) {
  return {{"severity", d.level == severity::error ? "error" : "warning"}, {"code", d.code}, {"file", d.where.file},
          {"line", d.where.line}, {"column", d.where.column}, {"message", d.message}, {"hint", d.hint}};
}

/// A problem's diff as lines without their indent ("- …", "+ …", "  …", "! …").
json diff_lines(const std::string& diff) {
  json lines = json::array();
  std::size_t b = 0;
  while (b < diff.size()) {
    std::size_t e = diff.find('\n', b);
    if (e == std::string::npos) e = diff.size();
    std::string line = diff.substr(b, e - b);
    if (line.compare(0, 6, "      ") == 0) line.erase(0, 6);
    lines.push_back(std::move(line));
    b = e + 1;
  }
  return lines;
}

json case_json(const case_result& c) {
  json j = {{"scenario", c.name}, {"file", c.file}, {"status", to_string(c.st)}, {"seconds", c.seconds}};
  if (!c.note.empty()) j["note"] = c.note;
  if (c.st == case_status::failed) {
    json problems = json::array();
    for (const scenario_problem& p : c.problems)
      problems.push_back({{"file", p.where.file}, {"line", p.where.line}, {"column", p.where.column}, {"step", p.step},
                          {"label", p.label}, {"message", p.message}, {"diff", diff_lines(p.diff)}});
    j["problems"] = std::move(problems);
  }
  if (c.st == case_status::error) {
    json diags = json::array();
    for (const diagnostic& d : c.diags) diags.push_back(diagnostic_json(d));
    j["diagnostics"] = std::move(diags);
  }
  return j;
}

// ---- JUnit XML ---------------------------------------------------------------------------------

std::string suite_of(const std::string& file) {
  const std::string dir = fs::path(file).parent_path().generic_string();
  return dir.empty() ? "." : dir;
}

/// "examples.scenarios" for examples/scenarios (a Java-like class name, as CI tools group them).
std::string class_of(std::string suite) {
  while (!suite.empty() && (suite.front() == '/' || suite.front() == '.')) suite.erase(0, 1);
  std::replace(suite.begin(), suite.end(), '/', '.');
  return suite.empty() ? "scenarios" : suite;
}

std::string junit(const std::vector<case_result>& cases, double seconds) {
  // One testsuite per directory, in the order the directories first appear.
  std::vector<std::string> suites;
  for (const case_result& c : cases)
    if (std::find(suites.begin(), suites.end(), suite_of(c.file)) == suites.end()) suites.push_back(suite_of(c.file));
  auto count = [&](const std::string* suite, case_status st) {
    return std::count_if(cases.begin(), cases.end(), [&](const case_result& c) { return (!suite || suite_of(c.file) == *suite) && c.st == st; });
  };
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += fmt::format("<testsuites name=\"muster test\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3f}\">\n", cases.size(),
                   count(nullptr, case_status::failed), count(nullptr, case_status::error), seconds);
  for (const std::string& suite : suites) {
    double suite_seconds = 0;
    std::size_t n = 0;
    for (const case_result& c : cases)
      if (suite_of(c.file) == suite) suite_seconds += c.seconds, ++n;
    x += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3f}\">\n", detail::xml_escape(suite, true), n,
                     count(&suite, case_status::failed), count(&suite, case_status::error), suite_seconds);
    const std::string classname = class_of(suite);
    for (const case_result& c : cases) {
      if (suite_of(c.file) != suite) continue;
      x += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"{:.3f}\"", detail::xml_escape(classname, true),
                       detail::xml_escape(c.name, true), detail::xml_escape(c.file, true), c.seconds);
      if (c.st == case_status::passed) {
        x += "/>\n";
        continue;
      }
      if (c.st == case_status::updated) {
        x += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", detail::xml_escape(c.note, false));
        continue;
      }
      const char* element = c.st == case_status::failed ? "failure" : "error";
      const std::string type = c.st == case_status::failed ? "scenario-failed" : (c.diags.empty() ? "scenario-error" : c.diags.front().code);
      x += fmt::format(">\n      <{} message=\"{}\" type=\"{}\">{}</{}>\n    </testcase>\n", element, detail::xml_escape(c.report, true),
                       detail::xml_escape(type, true), detail::xml_escape(c.report, false), element);
    }
    x += "  </testsuite>\n";
  }
  x += "</testsuites>\n";
  return x;
}

// ---- the run -----------------------------------------------------------------------------------

const char* kind_note(yaml_file_kind k) {
  switch (k) {
    case yaml_file_kind::policy: return "a policy (top-level 'muster:')";
    case yaml_file_kind::registry: return "a force registry (top-level 'muster_forces:')";
    default: return "no top-level 'scenario:', 'given:' or 'when:'";
  }
}

std::string plural(std::size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

/// --update: rewrites the failing exact effect lists of `file`, then loads and runs it again.
/// `c` becomes `updated` when the scenario passes now; otherwise it stays failed with the
/// problems of the new run in `r`, and a note says what was (not) rewritten.
void update(scenario_loader& loader, const std::string& file, scenario& s, scenario_result& r, case_result& c, const run_options& o) {
  const auto lists = std::count_if(r.problems.begin(), r.problems.end(), [](const scenario_problem& p) { return p.effects_differ; });
  if (lists == 0) {
    c.note = "--update: nothing to rewrite (it rewrites exact effects: lists only)";
    return;
  }
  std::string err;
  const long rewritten = update_scenario_file(file, r.problems, err);
  if (rewritten < 0) {
    c.note = "--update: not rewritten: " + err;
    return;
  }
  std::vector<diagnostic> diags;
  if (!loader.load(file, s, diags)) {  // cannot happen for lines in the notation; said if it does
    c.note = fmt::format("--update: rewrote {} effects list{} but the file no longer loads", rewritten, rewritten == 1 ? "" : "s");
    return;
  }
  r = run_scenario(s, o);
  c.note = fmt::format("--update: rewrote {} effects list{} in {}", rewritten, rewritten == 1 ? "" : "s", file);
  if (r.passed) c.st = case_status::updated;
  else c.note += "; what is left, --update cannot rewrite:";
}

int run_test(const test_options& o) {
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  std::vector<std::string> files;
  bool all_found = true;
  for (const auto& p : o.paths) all_found &= collect(p, files);

  const bool text = o.format == "text";
  scenario_loader loader;
  std::vector<case_result> cases;
  std::vector<policy_coverage> coverage;
  std::size_t filtered = 0, skipped = 0;
  for (const auto& file : files) {
    const yaml_file_kind kind = classify_yaml_file(file);
    if (kind != yaml_file_kind::scenario) {
      ++skipped;
      fmt::print(stderr, "muster test: note: {} skipped: {}, not a scenario\n", file, kind_note(kind));
      continue;
    }
    const auto t0 = clock::now();
    scenario s;
    case_result c;
    c.file = file;
    const bool loaded = loader.load(file, s, c.diags);
    c.name = s.name;
    if (!selected(o.filters, s.name, file)) {
      ++filtered;
      continue;
    }
    if (!loaded) {
      c.st = case_status::error;
      sort_diagnostics(c.diags);
      for (const auto& d : c.diags) c.report += render(d) + "\n";
    } else {
      scenario_result r = run_scenario(s, o.run);
      c.st = r.passed ? case_status::passed : case_status::failed;
      if (!r.passed && o.update) update(loader, file, s, r, c, o.run);
      c.problems = std::move(r.problems);
      c.report = std::move(r.report);
      if (o.coverage) {
        auto it = std::find_if(coverage.begin(), coverage.end(), [&](const policy_coverage& pc) { return pc.file == s.policy_file && pc.keep == s.rules.pol; });
        if (it == coverage.end()) {
          policy_coverage pc;
          pc.file = s.policy_file;
          pc.id = s.rules.pol->id;
          pc.version = s.rules.pol->version;
          pc.keep = s.rules.pol;
          const engine en(s.rules.pol, s.rules.forces);
          for (const rule_ref* rr : en.rules())
            if (rr && !rr->id.empty()) pc.rules.push_back(rr);
          coverage.push_back(std::move(pc));
          it = coverage.end() - 1;
        }
        ++it->scenarios;
        for (const auto& [id, n] : r.fired) it->fired[id] += n;
      }
    }
    c.seconds = std::chrono::duration<double>(clock::now() - t0).count();
    if (text) {
      const char* word = c.st == case_status::passed    ? "PASS"
                         : c.st == case_status::failed  ? "FAIL"
                         : c.st == case_status::updated ? "UPDATED"
                                                        : "ERROR";
      fmt::print("{} {}\n{}{}", word, c.name, c.note.empty() ? "" : "  " + c.note + "\n", c.report);
      std::fflush(stdout);
    } else if (o.format == "json") {
      fmt::print("{}\n", case_json(c).dump(-1, ' ', false, json::error_handler_t::replace));
      std::fflush(stdout);
    }
    cases.push_back(std::move(c));
  }

  std::size_t passed = 0, failed = 0, errors = 0, updated = 0;
  for (const case_result& c : cases)
    (c.st == case_status::passed ? passed : c.st == case_status::failed ? failed : c.st == case_status::updated ? updated : errors) += 1;
  const double seconds = std::chrono::duration<double>(clock::now() - started).count();
  const bool nothing = cases.empty() && all_found;
  if (nothing)
    fmt::print(stderr, "muster test: no scenario to run{}\n",
               filtered ? fmt::format(" ({} filtered out by --filter {})", filtered, fmt::join(o.filters, ", ")) : std::string());

  if (text) {
    if (o.coverage) fmt::print("{}", coverage_text(coverage));
    std::string line = fmt::format("{} passed, {} failed", passed, failed);
    if (errors) line += fmt::format(", {} could not run", errors);
    if (updated) line += fmt::format(", {} updated", updated);
    if (filtered) line += fmt::format("; {} filtered out", filtered);
    if (skipped) line += fmt::format("; {} skipped (not scenarios)", plural(skipped, "file", "files"));
    fmt::print("{}\n", line);
  } else if (o.format == "json") {
    for (const policy_coverage& pc : coverage) fmt::print("{}\n", coverage_json(pc).dump());
    const json summary = {{"summary",
                           {{"passed", passed}, {"failed", failed}, {"errors", errors}, {"updated", updated}, {"filtered_out", filtered},
                            {"skipped_files", skipped}, {"missing_paths", !all_found}, {"seconds", seconds}}}};
    fmt::print("{}\n", summary.dump());
  } else {
    fmt::print("{}", junit(cases, seconds));
    if (o.coverage) fmt::print(stderr, "{}", coverage_text(coverage));  // stdout is the XML document
  }
  if (errors || !all_found || nothing) return exit_usage;
  return failed ? exit_invalid_input : exit_ok;
}

}  // namespace

void register_test(CLI::App& app, int& status) {
  auto o = std::make_shared<test_options>();
  CLI::App* cmd = app.add_subcommand(
      "test", "Run scenario files (given / when / then) and report PASS or FAIL for each (exit 0 all passed, 1 some failed, 2 could not run)");
  cmd->add_option("PATH", o->paths, "Scenario files, or directories searched for *.yaml / *.yml (other YAML files are skipped with a note)")
      ->type_name("PATH...")
      ->required();
  cmd->add_option("--filter", o->filters,
                  "Run only the scenarios whose name, path or file name contains PATTERN, or matches it when it has * ? [...] "
                  "(repeatable: any of them)")
      ->type_name("PATTERN")
      ->allow_extra_args(false);  // one value per --filter: the paths after it stay paths
  cmd->add_option("--format", o->format,
                  "text (default), json (one object per scenario per line, then a summary line) or junit (JUnit XML for CI)")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_flag("--coverage", o->coverage,
                "Report which rules of each policy fired across the run (effects' because, rejections' rule) and which never did "
                "(text and json on stdout; with junit on stderr)");
  cmd->add_flag("--update", o->update,
                "Rewrite each failing scenario's exact effects: lists from the actual effects (matched lines and comments kept), "
                "then run it again: UPDATED when it passes now");
  cmd->add_flag("--resume-each-step", o->run.resume_each_step,
                "Run each scenario on a journal and, after every step, take a snapshot, close the session and reopen it from "
                "the snapshot: the expectations must hold as in one uninterrupted run (docs/journal.md \"Snapshots\")");
  cmd->callback([o, &status] { status = run_test(*o); });
}

}  // namespace muster::cli
