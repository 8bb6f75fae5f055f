// Contract of the YAML loader: every hostile input becomes one located diagnostic with a
// stable code, nothing throws, and a good document comes back as a faithful tree.
#include "common/utf8.hpp"
#include "policy/yaml_document.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using muster::diagnostic;
using muster::load_limits;
using muster::detail::find_invalid_utf8;
using muster::detail::load_yaml;
using muster::detail::load_yaml_file;
using muster::detail::yaml_document;
using muster::detail::yaml_node;

namespace {

struct loaded {
  bool ok = false;
  yaml_document doc;
  std::vector<diagnostic> diags;
};

loaded load(const std::string& text, const load_limits& limits = {}) {
  loaded r;
  r.ok = load_yaml("test.yaml", text, limits, r.doc, r.diags);
  return r;
}

std::string describe(const std::vector<diagnostic>& diags) {
  std::string s;
  for (const auto& d : diags)
    s += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " + d.code + ": " + d.message + "\n";
  return s;
}

/// The load failed with exactly one diagnostic, `code` at line:column.
void expect_only(const loaded& r, const char* code, std::uint32_t line, std::uint32_t column) {
  INFO(describe(r.diags));
  CHECK_FALSE(r.ok);
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].code == code);
  CHECK(r.diags[0].where.line == line);
  CHECK(r.diags[0].where.column == column);
  CHECK(r.diags[0].where.file == "test.yaml");
  CHECK_FALSE(r.diags[0].message.empty());
}

/// A file in the temp directory, removed when the test ends.
struct temp_file {
  std::filesystem::path path;
  explicit temp_file(const std::string& bytes) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("muster_yaml_test_" + std::to_string(std::random_device{}()) + "_" + std::to_string(++counter) + ".yaml");
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~temp_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

std::string nested_brackets(int n) { return "a: " + std::string(n, '[') + std::string(n, ']') + "\n"; }

std::string nested_block_maps(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  return s;
}

}  // namespace

// ---- size

TEST_CASE("hostile yaml: text over max_bytes is refused before parsing") {
  load_limits limits;
  limits.max_bytes = 16;
  expect_only(load("key: 0123456789abcdef\n", limits), "file-too-large", 1, 1);
}

TEST_CASE("hostile yaml: a file over max_bytes is refused without its bytes") {
  temp_file f("key: 0123456789abcdef\n");
  load_limits limits;
  limits.max_bytes = 16;
  yaml_document doc;
  std::vector<diagnostic> diags;
  std::string bytes = "untouched";
  CHECK_FALSE(load_yaml_file(f.path.string(), limits, doc, diags, &bytes));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "file-too-large");
  CHECK(diags[0].where.line == 1);
  CHECK(diags[0].where.column == 1);
  CHECK(bytes == "untouched");
}

// ---- depth and size of the tree

TEST_CASE("hostile yaml: 40 nested flow lists are too deep at the 33rd level") {
  // The top mapping is level 1, so the 32nd '[' (column 4 + 31) is level 33.
  expect_only(load(nested_brackets(40)), "too-deep", 1, 35);
}

TEST_CASE("hostile yaml: 40 nested block mappings are too deep at the 33rd") {
  expect_only(load(nested_block_maps(40)), "too-deep", 33, 33);
}

TEST_CASE("hostile yaml: 32 levels of nesting are allowed") {
  const loaded r = load(nested_brackets(31));
  INFO(describe(r.diags));
  CHECK(r.ok);
}

TEST_CASE("hostile yaml: 10000 unclosed '[' give too-deep, not a crash") {
  // yaml-cpp reports an unclosed '[' as a map holding a list, two levels per '['.
  expect_only(load(std::string(10000, '[')), "too-deep", 1, 17);
}

TEST_CASE("hostile yaml: yaml-cpp's own depth guard becomes too-deep at a real location") {
  // With our limit raised past yaml-cpp's guard (500 calls), its DeepRecursion "bad file"
  // error must still come out as too-deep, placed at the deepest collection, not at 0:0.
  load_limits limits;
  limits.max_depth = 100000;
  expect_only(load(std::string(10000, '['), limits), "too-deep", 1, 250);
}

TEST_CASE("hostile yaml: more nodes than max_nodes is refused at the first one too many") {
  load_limits limits;
  limits.max_nodes = 5;  // map, a, 1, b, list — then the list's first item is the 6th
  expect_only(load("a: 1\nb: [1, 2, 3]\nc: 4\n", limits), "too-many-nodes", 2, 5);
}

// ---- anchors, aliases, tags, merge keys

TEST_CASE("hostile yaml: an anchor is refused at the anchor") {
  expect_only(load("a: &x 1\n"), "anchor-refused", 1, 4);
}

TEST_CASE("hostile yaml: an alias is refused at the alias") {
  const loaded r = load("a: &x 1\nb: *x\n");
  INFO(describe(r.diags));
  REQUIRE(r.diags.size() == 2);
  CHECK(r.diags[0].code == "anchor-refused");
  CHECK(r.diags[1].code == "alias-refused");
  CHECK(r.diags[1].where.line == 2);
  CHECK(r.diags[1].where.column == 4);
  CHECK(r.diags[1].message.find("*x") != std::string::npos);
}

TEST_CASE("hostile yaml: an alias to an undefined anchor is alias-refused, not a syntax error") {
  expect_only(load("a: 1\nb: *nowhere\n"), "alias-refused", 2, 4);
}

TEST_CASE("hostile yaml: the !!str tag is refused") {
  const loaded r = load("a: !!str 5\n");
  expect_only(r, "tag-refused", 1, 4);
  CHECK(r.diags[0].message.find("!!str") != std::string::npos);
}

TEST_CASE("hostile yaml: a custom tag is refused") {
  expect_only(load("a: 1\nb: !foo x\n"), "tag-refused", 2, 4);
}

TEST_CASE("hostile yaml: a bare '!' tag is refused although yaml-cpp reports it like quoting") {
  expect_only(load("a: ! x\n"), "tag-refused", 1, 4);
}

TEST_CASE("hostile yaml: a tag on a collection is refused") {
  expect_only(load("a: !!map {b: 1}\n"), "tag-refused", 1, 4);
}

TEST_CASE("hostile yaml: a merge key is refused at the key") {
  expect_only(load("base: {x: 1}\nother:\n  <<: {y: 2}\n"), "merge-key-refused", 3, 3);
}

TEST_CASE("hostile yaml: a quoted '<<' is an ordinary key") {
  const loaded r = load("\"<<\": 1\n");
  INFO(describe(r.diags));
  CHECK(r.ok);
}

// ---- keys

TEST_CASE("hostile yaml: duplicate key is refused at its second occurrence") {
  const loaded r = load("a: 1\nb: 2\na: 3\n");
  expect_only(r, "duplicate-key", 3, 1);
  CHECK(r.diags[0].message.find("'a'") != std::string::npos);
  CHECK(r.diags[0].message.find("line 1") != std::string::npos);
}

TEST_CASE("hostile yaml: a duplicate key inside a nested mapping is refused") {
  const loaded r = load("outer:\n  id: x\n  other: 1\n  id: y\nid: z\n");
  expect_only(r, "duplicate-key", 4, 3);
  CHECK(r.diags[0].message.find("line 2") != std::string::npos);
}

TEST_CASE("hostile yaml: quoted \"a\" and plain a are the same key") {
  const loaded r = load("\"a\": 1\na: 2\n");
  expect_only(r, "duplicate-key", 2, 1);
}

TEST_CASE("hostile yaml: a list or mapping used as a key is refused") {
  const loaded r = load("[a, b]: 1\n? {x: 1}\n: 2\n");
  INFO(describe(r.diags));
  REQUIRE(r.diags.size() == 2);
  CHECK(r.diags[0].code == "complex-key");
  CHECK(r.diags[0].where.line == 1);
  CHECK(r.diags[0].where.column == 1);
  CHECK(r.diags[1].code == "complex-key");
  CHECK(r.diags[1].where.line == 2);
  CHECK(r.diags[1].where.column == 3);
}

TEST_CASE("hostile yaml: refusals that do not stop parsing are all reported in one run") {
  const loaded r = load("a: &x 1\nb: !foo 2\na: 3\n");
  INFO(describe(r.diags));
  REQUIRE(r.diags.size() == 3);
  CHECK(r.diags[0].code == "anchor-refused");
  CHECK(r.diags[1].code == "tag-refused");
  CHECK(r.diags[2].code == "duplicate-key");
}

TEST_CASE("hostile yaml: reporting stops at max_diagnostics") {
  load_limits limits;
  limits.max_diagnostics = 2;
  const loaded r = load("a: 1\na: 2\na: 3\na: 4\n", limits);
  CHECK_FALSE(r.ok);
  CHECK(r.diags.size() == 2);
}

// ---- documents

TEST_CASE("hostile yaml: a second document is refused at its start") {
  expect_only(load("---\na: 1\n---\nb: 2\n"), "multiple-documents", 3, 1);
}

TEST_CASE("hostile yaml: a trailing '---' starts a second document") {
  expect_only(load("a: 1\n---\n"), "multiple-documents", 2, 1);
}

TEST_CASE("hostile yaml: an empty file is refused") {
  expect_only(load(""), "empty-document", 1, 1);
}

TEST_CASE("hostile yaml: a file of only comments and blanks is refused") {
  expect_only(load("# policy\n\n   \n# nothing here\n"), "empty-document", 1, 1);
}

TEST_CASE("hostile yaml: a file of only a document marker and comments is refused") {
  expect_only(load("--- # start\n# nothing\n...\n"), "empty-document", 1, 1);
}

TEST_CASE("hostile yaml: a top-level scalar is refused") {
  expect_only(load("# comment\njust text\n"), "top-not-mapping", 2, 1);
}

TEST_CASE("hostile yaml: a top-level sequence is refused") {
  expect_only(load("- a\n- b\n"), "top-not-mapping", 1, 1);
}

// ---- encoding

TEST_CASE("hostile yaml: a bad continuation byte in line 3 is placed and its offset named") {
  const std::string text = "a: 1\nb: 2\nname: ab\xC3\x28" "cd\n";
  const loaded r = load(text);
  expect_only(r, "invalid-utf8", 3, 9);
  CHECK(r.diags[0].where.offset == 18);
  CHECK(r.diags[0].message.find("18") != std::string::npos);
}

TEST_CASE("hostile yaml: an overlong encoding is invalid UTF-8") {
  const loaded r = load("a: \xC0\xAF\n");  // '/' in two bytes
  expect_only(r, "invalid-utf8", 1, 4);
  CHECK(r.diags[0].where.offset == 3);
}

TEST_CASE("hostile yaml: a sequence truncated at end of file is invalid UTF-8") {
  const loaded r = load("a: 1\nb: \xE2\x82");  // first two bytes of U+20AC
  expect_only(r, "invalid-utf8", 2, 4);
  CHECK(r.diags[0].where.offset == 8);
}

TEST_CASE("hostile yaml: find_invalid_utf8 is strict") {
  CHECK(find_invalid_utf8("") == -1);
  CHECK(find_invalid_utf8("plain ascii") == -1);
  CHECK(find_invalid_utf8("\xE5\xA8\x81\xE6\xB5\xB7") == -1);          // 威海
  CHECK(find_invalid_utf8("\xF0\x9F\x9A\x92") == -1);                  // U+1F692, 4 bytes
  CHECK(find_invalid_utf8("\xF4\x8F\xBF\xBF") == -1);                  // U+10FFFF, the last
  CHECK(find_invalid_utf8("ok\x80") == 2);                             // stray continuation
  CHECK(find_invalid_utf8("\xC1\xBF") == 0);                           // overlong 2-byte
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0);                       // overlong 3-byte
  CHECK(find_invalid_utf8("\xF0\x80\x80\xAF") == 0);                   // overlong 4-byte
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1);                      // surrogate U+D800
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);                   // U+110000
  CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == 0);
  CHECK(find_invalid_utf8("\xFF") == 0);
  CHECK(find_invalid_utf8("ab\xF0\x9F\x9A") == 2);                     // truncated 4-byte
  CHECK(find_invalid_utf8("\xE6\xB5" "a") == 0);                       // continuation missing
}

TEST_CASE("hostile yaml: a NUL byte is refused with its offset before yaml-cpp sees it") {
  // yaml-cpp would read "a\0..." as UTF-16 and parse nonsense.
  const loaded r = load(std::string("a: 1\nb\0: 2\n", 11));
  expect_only(r, "yaml-syntax", 2, 2);
  CHECK(r.diags[0].where.offset == 6);
}

TEST_CASE("hostile yaml: a UTF-8 BOM is accepted and not counted in columns") {
  const loaded r = load("\xEF\xBB\xBF" "a: 1\nb: \xE5\xA8\x81\n");
  INFO(describe(r.diags));
  REQUIRE(r.ok);
  REQUIRE(r.doc.root.entries.size() == 2);
  CHECK(r.doc.root.entries[0].key.column == 1);
  CHECK(r.doc.root.entries[0].value.column == 4);
  CHECK(r.doc.root.entries[1].value.text == "\xE5\xA8\x81");
}

TEST_CASE("hostile yaml: columns count characters, not bytes (文 before a node moves it one column)") {
  // 威海 is 2 characters (6 bytes): an editor shows `en` at column 14 of line 2, not 18.
  const loaded r = load("a: 1\nb: { zh: \xE5\xA8\x81\xE6\xB5\xB7, en: x, c: [1, x] }\n");
  INFO(describe(r.diags));
  REQUIRE(r.ok);
  const yaml_node& b = r.doc.root.entries[1].value;
  CHECK(b.entries[1].key.column == 14);             // "en" after "b: { zh: 威海, "
  CHECK(b.entries[2].value.items[1].column == 28);  // the second item of [1, x]
  // Diagnostics too: the same line with an anchor on the last item.
  const loaded bad = load("b: { zh: \xE5\xA8\x81\xE6\xB5\xB7, c: [1, &a x] }\n");
  expect_only(bad, "anchor-refused", 1, 21);
  // And invalid UTF-8 found before parsing: 威 then a stray byte.
  const loaded utf8 = load("a: \xE5\xA8\x81\xFF\n");
  expect_only(utf8, "invalid-utf8", 1, 5);
  CHECK(utf8.diags[0].where.offset == 6);  // the offset stays in bytes
}

TEST_CASE("hostile yaml: invalid UTF-8 after a BOM keeps the file offset") {
  const loaded r = load("\xEF\xBB\xBF" "a: \xFF\n");
  expect_only(r, "invalid-utf8", 1, 4);
  CHECK(r.diags[0].where.offset == 6);
}

// ---- syntax

TEST_CASE("hostile yaml: an unclosed quote is placed at the opening quote") {
  // yaml-cpp 0.7 accepts this and swallows the rest of the file into the string.
  expect_only(load("a: 1\nb: \"abc\nc: 2\n"), "yaml-syntax", 2, 4);
}

TEST_CASE("hostile yaml: an unclosed quote at end of file without newline is a syntax error") {
  expect_only(load("a: 'abc"), "yaml-syntax", 1, 8);
}

TEST_CASE("hostile yaml: bad indentation is placed at the offending line") {
  expect_only(load("a:\n  b: 1\n c: 2\n"), "yaml-syntax", 3, 2);
}

TEST_CASE("hostile yaml: a tab used for indentation is placed at the tab") {
  const loaded r = load("a:\n  b: 1\n\tc: 2\n");
  expect_only(r, "yaml-syntax", 3, 1);
  CHECK(r.diags[0].message.find("tab") != std::string::npos);
}

TEST_CASE("hostile yaml: an unclosed flow list is a syntax error with a real location") {
  expect_only(load("a: [1, 2\nb: 1\n"), "yaml-syntax", 2, 2);
}

// ---- files

TEST_CASE("hostile yaml: a missing file is file-unreadable with no line") {
  yaml_document doc;
  std::vector<diagnostic> diags;
  const std::string path = "/nonexistent/muster/policy.yaml";
  CHECK_FALSE(load_yaml_file(path, {}, doc, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "file-unreadable");
  CHECK(diags[0].where.file == path);
  CHECK(diags[0].where.line == 0);
  CHECK(diags[0].where.column == 0);
}

TEST_CASE("hostile yaml: a directory is file-unreadable") {
  yaml_document doc;
  std::vector<diagnostic> diags;
  CHECK_FALSE(load_yaml_file(std::filesystem::temp_directory_path().string(), {}, doc, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "file-unreadable");
  CHECK(diags[0].where.line == 0);
}

TEST_CASE("hostile yaml: a good file loads and hands back its exact bytes") {
  const std::string bytes = "\xEF\xBB\xBF" "a: 1\r\nb: [x, y]\r\n";
  temp_file f(bytes);
  yaml_document doc;
  std::vector<diagnostic> diags;
  std::string got;
  REQUIRE(load_yaml_file(f.path.string(), {}, doc, diags, &got));
  CHECK(diags.empty());
  CHECK(got == bytes);
  CHECK(doc.file == f.path.string());
  CHECK(doc.root.find("b") != nullptr);
}

TEST_CASE("hostile yaml: a bad file names the file in its diagnostics") {
  temp_file f("a: 1\na: 2\n");
  yaml_document doc;
  std::vector<diagnostic> diags;
  CHECK_FALSE(load_yaml_file(f.path.string(), {}, doc, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "duplicate-key");
  CHECK(diags[0].where.file == f.path.string());
}

// ---- good documents

TEST_CASE("hostile yaml: a good document round-trips into the tree") {
  const std::string text =
      "muster: 1\n"                      // 1
      "policy:\n"                        // 2
      "  id: weihai\n"                   // 3
      "  zh: \"威海\"\n"                 // 4
      "  note: 'it''s'\n"                // 5
      "  text: |\n"                      // 6
      "    line one\n"                   // 7
      "grades: [general, {id: major}]\n" // 8
      "empty:\n"                         // 9
      "tilde: ~\n"                       // 10
      "nulls: [null, Null, NULL, 'null', \"\"]\n"  // 11
      "items:\n"                         // 12
      "  - one\n"                        // 13
      "  - two: 2\n";                    // 14
  const loaded r = load(text);
  INFO(describe(r.diags));
  REQUIRE(r.ok);
  const yaml_node& root = r.doc.root;
  REQUIRE(root.is_map());
  CHECK(root.line == 1);
  CHECK(root.column == 1);
  REQUIRE(root.entries.size() == 7);

  const yaml_node* muster = root.find("muster");
  REQUIRE(muster != nullptr);
  CHECK(muster->is_scalar());
  CHECK(muster->text == "1");
  CHECK_FALSE(muster->quoted);
  CHECK_FALSE(muster->null);
  CHECK(muster->line == 1);
  CHECK(muster->column == 9);

  const yaml_node* policy = root.find("policy");
  REQUIRE(policy != nullptr);
  REQUIRE(policy->is_map());
  CHECK(policy->line == 3);
  CHECK(policy->column == 3);
  const yaml_node* zh = policy->find("zh");
  REQUIRE(zh != nullptr);
  CHECK(zh->text == "威海");
  CHECK(zh->quoted);
  CHECK(zh->line == 4);
  CHECK(zh->column == 7);
  CHECK(policy->find("note")->text == "it's");
  CHECK(policy->find("note")->quoted);
  CHECK(policy->find("text")->text == "line one\n");
  CHECK(policy->find("text")->quoted);  // a block scalar is never a bool or number either
  CHECK(policy->find("missing") == nullptr);

  const yaml_node* grades = root.find("grades");
  REQUIRE(grades != nullptr);
  REQUIRE(grades->is_seq());
  REQUIRE(grades->items.size() == 2);
  CHECK(grades->items[0].text == "general");
  CHECK(grades->items[0].column == 10);
  CHECK(grades->items[1].is_map());
  CHECK(grades->items[1].find("id")->text == "major");

  const yaml_node* empty = root.find("empty");
  REQUIRE(empty != nullptr);
  CHECK(empty->null);
  CHECK(empty->line == 9);  // placed at its key, not at the next line's token
  CHECK(root.find("tilde")->null);
  CHECK(root.find("tilde")->column == 8);

  const yaml_node* nulls = root.find("nulls");
  REQUIRE(nulls != nullptr);
  REQUIRE(nulls->items.size() == 5);
  CHECK(nulls->items[0].null);
  CHECK(nulls->items[1].null);
  CHECK(nulls->items[2].null);
  CHECK_FALSE(nulls->items[3].null);  // 'null' quoted is text
  CHECK(nulls->items[3].text == "null");
  CHECK(nulls->items[3].quoted);
  CHECK_FALSE(nulls->items[4].null);  // "" quoted is empty text, not null
  CHECK(nulls->items[4].quoted);

  const yaml_node* items = root.find("items");
  REQUIRE(items != nullptr);
  REQUIRE(items->is_seq());
  REQUIRE(items->items.size() == 2);
  CHECK(items->items[0].text == "one");
  CHECK(items->items[0].line == 13);
  CHECK(items->items[0].column == 5);
  CHECK(items->items[1].is_map());
  CHECK(items->items[1].line == 14);
}

TEST_CASE("hostile yaml: loading is deterministic and keeps key order") {
  const std::string text = "zeta: 1\nalpha: 2\nmid:\n  y: 1\n  b: 2\n  x: 3\nbeta: 4\n";
  const loaded first = load(text);
  const loaded second = load(text);
  REQUIRE(first.ok);
  REQUIRE(second.ok);
  const std::vector<std::string> expected{"zeta", "alpha", "mid", "beta"};
  REQUIRE(first.doc.root.entries.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(first.doc.root.entries[i].key.text == expected[i]);
    CHECK(second.doc.root.entries[i].key.text == expected[i]);
    CHECK(first.doc.root.entries[i].key.line == second.doc.root.entries[i].key.line);
  }
  const yaml_node* mid = first.doc.root.find("mid");
  REQUIRE(mid != nullptr);
  REQUIRE(mid->entries.size() == 3);
  CHECK(mid->entries[0].key.text == "y");
  CHECK(mid->entries[1].key.text == "b");
  CHECK(mid->entries[2].key.text == "x");

  // The same bad input gives the same diagnostics every time.
  const loaded bad1 = load("a: &x 1\nb: !foo 2\na: 3\n");
  const loaded bad2 = load("a: &x 1\nb: !foo 2\na: 3\n");
  CHECK(describe(bad1.diags) == describe(bad2.diags));
}
