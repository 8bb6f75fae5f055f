// The one-line effect notation scenarios expect effects in, and the expected-vs-actual
// alignment `test` and `diff` print (docs/replay.md "Effect lines"):
//
//   issue_order from=wendeng_fire force=wendeng_flood_team due=+15m because=chains.call_plan.on_approved.issue_orders
//   notify request_approved to=wendeng_em
//
// KIND [TOPIC] then KEY=VALUE pairs; only the fields written are compared. `none` means the
// field is absent. Times are `+<duration>` after the scenario's start, RFC 3339, or seconds.
// `because=a,b` holds when the effect's reasons begin with a, then b (most specific first).
// Predicates: `key=[a,b]` (any of them), `key!=a` and `key!=[a,b]` (none of them), and two
// fields read from the registry, `force.jurisdiction=X` (the force's home is X or within it)
// and `force.category=government|enterprise|social|expert`.
#pragma once

#include "cli/effect_row.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace muster::cli {

/// What effect lines may name, for the policy they run under: a typo is a located error.
struct notation_vocabulary {
  const policy* pol = nullptr;
  const force_registry* forces = nullptr;
  const codec* times = nullptr;        ///< parses absolute times
  std::vector<std::string> rule_ids;   ///< engine::rules(), by id
  std::vector<std::string> step_ids;   ///< every chain step's id
  timestamp base = 0;                  ///< what `+16m` counts from
  static notation_vocabulary build(const rules_pair& rules, const codec& times);
};

enum class effect_field : unsigned char {
  to, from, via, force, grade, step, incident, request, order, at, due, warning, level, exercise,
  run,                 ///< a schedule run's number
  schedule,            ///< the run's schedule (an id of the policy's schedules:)
  force_jurisdiction,  ///< `force.jurisdiction`: the force's home jurisdiction, or one above it
  force_category,      ///< `force.category`: the force's category (government, enterprise, social, expert)
  quantity, amount,    ///< the request's quantity (4.3) or claim amount (4.1)
  item,                ///< the stock item a requisition holds, by its display name (4.3)
  chain,               ///< the chain the effect is about (an id of the policy's chains:)
  flag,                ///< the incident flag set or cleared (an id of the policy's flags:)
};

/// One expected effect, parsed.
struct effect_pattern {
  std::string text;                    ///< as written
  std::string kind, topic;             ///< topic empty: not compared
  struct value {
    std::string id;                    ///< ids as written; "" for `none`
    timestamp time = 0;                ///< at / due (0 for `none`)
    std::uint64_t number = 0;          ///< request / order / run (0 for `none`)
  };
  struct field_value {
    effect_field field;
    bool negated = false;              ///< `key!=…`: the effect's field is none of `any_of`
    std::vector<value> any_of;         ///< `key=a` (one) or `key=[a,b]` (several)
  };
  std::vector<field_value> fields;
  std::vector<std::string> because;    ///< a prefix of the effect's reasons; empty: not compared
  /// Where `force.*` predicates look forces and jurisdictions up (set when the pattern has one).
  const policy* pol = nullptr;
  const force_registry* forces = nullptr;
};

/// Where an effect line is wrong: a byte offset into it, what, and a hint (may be empty).
struct notation_error {
  std::size_t offset = 0;
  std::string message;
  std::string hint;
};

bool parse_effect_pattern(std::string_view text, const notation_vocabulary& vocab, effect_pattern& out, notation_error& err);

/// Every field the pattern gives equals the effect's.
bool matches(const effect_pattern& p, const effect_row& e);

/// How actual effects are written back in the notation.
struct notation_style {
  timestamp base = 0;          ///< times as `+<offset>` from here
  bool show_incident = false;  ///< when more than one incident is in play
};

/// The effect in full, in the notation (`at=` only when it differs from `event_at`: a timer).
std::string render_effect(const effect_row& e, timestamp event_at, const notation_style& style);

/// One row of an alignment: indices into the expected and actual lists (-1: absent).
struct aligned_row {
  long expected = -1;
  long actual = -1;
};

/// The longest in-order matching between `expected` (size n) and `actual` (size m) under
/// `match(i, j)`, with the unmatched items in between, in order.
template <class Match>
std::vector<aligned_row> align(std::size_t n, std::size_t m, Match match);

/// Unified-diff lines, each starting with `indent` and then ' ', '-' (expected only) or '+'
/// (actual only). `extra_actual_ok` (effects_include): unmatched actual lines are context.
std::string render_alignment(const std::vector<aligned_row>& rows, const std::vector<std::string>& expected,
                             const std::vector<std::string>& actual, std::string_view indent, bool extra_actual_ok);

/// Whether the alignment leaves anything unmatched that counts (an expected line always;
/// an actual line unless `extra_actual_ok`).
bool alignment_differs(const std::vector<aligned_row>& rows, bool extra_actual_ok);

// ---- template definition ------------------------------------------------------------------------

template <class Match>
std::vector<aligned_row> align(std::size_t n, std::size_t m, Match match) {
  // lcs[i][j]: the longest matching of expected[i..] with actual[j..].
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = match(i, j) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<aligned_row> rows;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && match(i, j) && lcs[i][j] == lcs[i + 1][j + 1] + 1) {
      rows.push_back({static_cast<long>(i++), static_cast<long>(j++)});
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      rows.push_back({static_cast<long>(i++), -1});  // expected only: '-' lines come before '+'
    } else {
      rows.push_back({-1, static_cast<long>(j++)});
    }
  }
  return rows;
}

}  // namespace muster::cli
