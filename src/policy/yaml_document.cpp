// Loads one YAML file into our own node tree, enforcing the hostile-input rules as it goes.
//
// We listen to yaml-cpp's event stream instead of building a YAML::Node: the events still show
// duplicate keys, anchors, aliases, tags and quoting, which YAML::Node hides or resolves. We count
// nesting ourselves so our limit fires long before yaml-cpp's recursion guard, whose "bad file"
// error carries no useful location. Order: size, encoding, emptiness, then parse.
#include "policy/yaml_document.hpp"

#include "common/utf8.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <istream>
#include <map>
#include <streambuf>
#include <utility>

MUSTER_BEGIN_NAMESPACE
namespace detail {

const yaml_node* yaml_node::find(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key.is_scalar() && !e.key.null && e.key.text == key) return &e.value;
  return nullptr;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Message table: every text this loader shows lives here (STYLE 7). "{}" takes the arguments.

enum class msg : std::uint8_t {
  file_unreadable, file_is_directory, file_not_regular, file_too_large, empty_document, invalid_utf8, control_character,
  too_deep, parser_too_deep, too_many_nodes, multiple_documents, anchor, alias, tag, merge_key,
  duplicate_key, complex_key, top_not_mapping, unclosed_quote, tab_indent, internal
};

struct message_text {
  msg id;
  const char* code;
  const char* text;
  const char* hint;
};

constexpr message_text messages[] = {
    {msg::file_unreadable, "file-unreadable", "cannot read '{}': {}", "check the path and its permissions"},
    {msg::file_is_directory, "file-unreadable", "'{}' is a directory, not a file", "name a YAML file"},
    {msg::file_not_regular, "file-unreadable", "'{}' is not a regular file (a FIFO, socket or device may block or never end)",
     "name a YAML file"},
    {msg::file_too_large, "file-too-large", "the file has {} bytes; the limit is {}",
     "split the file, or raise the limit for trusted sources"},
    {msg::empty_document, "empty-document", "the file holds no YAML content",
     "a policy file is a mapping that starts with 'muster: 1'"},
    {msg::invalid_utf8, "invalid-utf8", "invalid UTF-8 at byte offset {}", "save the file as UTF-8"},
    {msg::control_character, "yaml-syntax", "control character {} at byte offset {} is not allowed in YAML",
     "delete it; inside double quotes write an escape such as \\t instead"},
    {msg::too_deep, "too-deep", "nesting is deeper than {} levels", "flatten the structure"},
    {msg::parser_too_deep, "too-deep", "nesting is too deep for the YAML parser ({} levels reached)",
     "flatten the structure"},
    {msg::too_many_nodes, "too-many-nodes", "the file holds more than {} values",
     "split the file, or raise the limit for trusted sources"},
    {msg::multiple_documents, "multiple-documents",
     "a second YAML document starts here; a file must hold exactly one", "remove this '---', or split the file"},
    {msg::anchor, "anchor-refused", "anchor '&{}' is not allowed", "write the value out in full"},
    {msg::alias, "alias-refused", "alias '*{}' is not allowed", "write the value out in full"},
    {msg::tag, "tag-refused", "tag '{}' is not allowed", "remove the tag; quote the value if it must be text"},
    {msg::merge_key, "merge-key-refused", "merge key '<<' is not allowed", "write the keys out in full"},
    {msg::duplicate_key, "duplicate-key", "key '{}' is repeated; it was first given on line {}",
     "keep only one of them"},
    {msg::complex_key, "complex-key", "a key must be a single value, not a {}", "use a plain name as the key"},
    {msg::top_not_mapping, "top-not-mapping", "the file must be a mapping of keys, not {}",
     "write 'key: value' lines at the top level"},
    {msg::unclosed_quote, "yaml-syntax", "the text opened here with {} is never closed", "add the closing quote"},
    {msg::tab_indent, "yaml-syntax", "a tab is used for indentation", "indent with spaces; YAML forbids tabs there"},
    {msg::internal, "yaml-syntax", "the file could not be loaded: {}", ""},
};

/// yaml-cpp's parser messages, translated. Matched by prefix (some carry a suffix, e.g. the
/// unknown escape character). Errors about anchors, aliases and tags get our refusal codes,
/// because the author's fix is the same: do not use them.
struct syntax_text {
  const char* yaml_cpp;
  const char* code;
  const char* text;
  const char* hint;
};

const syntax_text syntax_messages[] = {
    {YAML::ErrorMsg::END_OF_MAP, "yaml-syntax", "this line does not continue the mapping above it",
     "check the indentation"},
    {YAML::ErrorMsg::END_OF_MAP_FLOW, "yaml-syntax", "a '{' mapping is not closed by '}'", "add the missing '}'"},
    {YAML::ErrorMsg::END_OF_SEQ, "yaml-syntax", "this line does not continue the list above it",
     "check the indentation"},
    {YAML::ErrorMsg::END_OF_SEQ_FLOW, "yaml-syntax", "a '[' list is not closed by ']'", "add the missing ']'"},
    {YAML::ErrorMsg::MAP_VALUE, "yaml-syntax", "a ':' appears where no key can start",
     "check the indentation, or quote text that contains ': '"},
    {YAML::ErrorMsg::MAP_KEY, "yaml-syntax", "a '?' key appears where no key can start", "check the indentation"},
    {YAML::ErrorMsg::BLOCK_ENTRY, "yaml-syntax", "a '- ' list item appears where no list can start",
     "check the indentation"},
    {YAML::ErrorMsg::FLOW_END, "yaml-syntax", "a ']' or '}' closes nothing", "remove it or add the opening bracket"},
    {YAML::ErrorMsg::TAB_IN_INDENTATION, "yaml-syntax", "a tab is used for indentation", "indent with spaces"},
    {YAML::ErrorMsg::EOF_IN_SCALAR, "yaml-syntax", "the file ends inside quoted text", "add the closing quote"},
    {YAML::ErrorMsg::DOC_IN_SCALAR, "yaml-syntax", "a document marker ('---' or '...') appears inside text",
     "quote the text or indent it"},
    {YAML::ErrorMsg::CHAR_IN_SCALAR, "yaml-syntax", "a character that YAML does not allow appears in text",
     "quote the text"},
    {YAML::ErrorMsg::SINGLE_QUOTED_CHAR, "yaml-syntax", "a character that YAML does not allow appears in quoted text",
     "remove it"},
    {YAML::ErrorMsg::INVALID_ESCAPE, "yaml-syntax", "unknown escape sequence in double-quoted text",
     "write '\\\\' for a backslash, or use single quotes"},
    {YAML::ErrorMsg::INVALID_HEX, "yaml-syntax", "bad hexadecimal digits in an escape sequence", "check the escape"},
    {YAML::ErrorMsg::INVALID_UNICODE, "yaml-syntax", "an escape sequence names an invalid character",
     "check the escape"},
    {YAML::ErrorMsg::UNKNOWN_TOKEN, "yaml-syntax", "unexpected character", "quote the text"},
    {YAML::ErrorMsg::ZERO_INDENT_IN_BLOCK, "yaml-syntax", "bad block text header after '|' or '>'",
     "write '|' or '>' alone"},
    {YAML::ErrorMsg::CHAR_IN_BLOCK, "yaml-syntax", "bad block text header after '|' or '>'", "write '|' or '>' alone"},
    {YAML::ErrorMsg::YAML_DIRECTIVE_ARGS, "yaml-syntax", "bad %YAML directive", "remove the directive"},
    {YAML::ErrorMsg::YAML_VERSION, "yaml-syntax", "bad %YAML directive", "remove the directive"},
    {YAML::ErrorMsg::YAML_MAJOR_VERSION, "yaml-syntax", "unsupported YAML version", "remove the directive"},
    {YAML::ErrorMsg::REPEATED_YAML_DIRECTIVE, "yaml-syntax", "repeated %YAML directive", "remove the directive"},
    {YAML::ErrorMsg::TAG_DIRECTIVE_ARGS, "tag-refused", "tags and %TAG directives are not allowed",
     "remove the directive"},
    {YAML::ErrorMsg::REPEATED_TAG_DIRECTIVE, "tag-refused", "tags and %TAG directives are not allowed",
     "remove the directive"},
    {YAML::ErrorMsg::CHAR_IN_TAG_HANDLE, "tag-refused", "tags are not allowed", "remove the tag"},
    {YAML::ErrorMsg::TAG_WITH_NO_SUFFIX, "tag-refused", "tags are not allowed", "remove the tag"},
    {YAML::ErrorMsg::END_OF_VERBATIM_TAG, "tag-refused", "tags are not allowed", "remove the tag"},
    {YAML::ErrorMsg::MULTIPLE_TAGS, "tag-refused", "tags are not allowed", "remove the tags"},
    {YAML::ErrorMsg::ANCHOR_NOT_FOUND, "anchor-refused", "anchors are not allowed", "remove the '&'"},
    {YAML::ErrorMsg::CHAR_IN_ANCHOR, "anchor-refused", "anchors are not allowed", "remove the anchor"},
    {YAML::ErrorMsg::MULTIPLE_ANCHORS, "anchor-refused", "anchors are not allowed", "remove the anchors"},
    {YAML::ErrorMsg::UNKNOWN_ANCHOR, "alias-refused", "aliases are not allowed", "write the value out in full"},
    {YAML::ErrorMsg::ALIAS_NOT_FOUND, "alias-refused", "aliases are not allowed", "remove the '*' or quote the text"},
    {YAML::ErrorMsg::CHAR_IN_ALIAS, "alias-refused", "aliases are not allowed", "remove the '*' or quote the text"},
    {YAML::ErrorMsg::ALIAS_CONTENT, "alias-refused", "aliases are not allowed", "write the value out in full"},
    {YAML::ErrorMsg::BAD_FILE, "too-deep", "nesting is too deep for the YAML parser", "flatten the structure"},
};

const message_text& text_of(msg id) {
  for (const auto& m : messages)
    if (m.id == id) return m;
  return messages[0];  // unreachable: every msg has a row
}

std::string fill(const char* pattern, std::initializer_list<std::string> args) {
  std::string out;
  auto arg = args.begin();
  for (const char* p = pattern; *p != '\0'; ++p) {
    if (p[0] == '{' && p[1] == '}' && arg != args.end()) {
      out += *arg++;
      ++p;
    } else {
      out += *p;
    }
  }
  return out;
}

/// Shows user text inside a message: control bytes escaped (a double-quoted key could hold an
/// ESC that would drive the reader's terminal), long text cut at a character boundary.
std::string printable(std::string_view s) {
  constexpr std::size_t max_shown = 60;
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (out.size() >= max_shown && (b & 0xC0U) != 0x80U) return out + "...";
    if (b < 0x20 || b == 0x7F) {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 0xFU];
    } else {
      out += static_cast<char>(b);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reporting

struct position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

/// Thrown from inside yaml-cpp's parse to stop it; never leaves this file.
struct stop_loading {};

class reporter {
 public:
  reporter(const std::string& file, std::vector<diagnostic>& out, std::size_t limit)
      : file_(file), out_(out), limit_(limit == 0 ? 1 : limit) {}

  void add(msg id, position at, std::initializer_list<std::string> args = {}, std::int64_t offset = -1) {
    const message_text& m = text_of(id);
    add_raw(m.code, at, fill(m.text, args), m.hint, offset);
  }
  void add_raw(std::string code, position at, std::string message, std::string hint, std::int64_t offset = -1) {
    out_.push_back({severity::error, std::move(code), {file_, at.line, at.column, offset}, std::move(message),
                    std::move(hint)});
    ++added_;
  }
  /// `file-unreadable` has no position: line and column stay 0.
  void add_unplaced(msg id, std::initializer_list<std::string> args) {
    const message_text& m = text_of(id);
    out_.push_back({severity::error, m.code, {file_, 0, 0, -1}, fill(m.text, args), m.hint});
    ++added_;
  }
  bool full() const { return added_ >= limit_; }

 private:
  const std::string& file_;
  std::vector<diagnostic>& out_;
  std::size_t limit_;
  std::size_t added_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Looking at the source text behind a yaml-cpp mark (a byte offset into the text it parsed)

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool ends_plain_word(char c) { return is_space(c) || c == ',' || c == ']' || c == '}' || c == '#' || c == ':'; }

std::size_t to_index(int pos, std::string_view src) {
  return pos < 0 ? src.size() : std::min(static_cast<std::size_t>(pos), src.size());
}

/// Skips the node properties (`&anchor`, `!tag`) a mark may point at, with the blanks and
/// comments after them, to where the node's content starts.
std::size_t skip_properties(std::string_view src, std::size_t i) {
  while (i < src.size() && (src[i] == '&' || src[i] == '!')) {
    while (i < src.size() && !is_space(src[i])) ++i;
    while (i < src.size() && is_space(src[i])) ++i;
    if (i < src.size() && src[i] == '#')
      while (i < src.size() && src[i] != '\n') ++i;
    while (i < src.size() && is_space(src[i])) ++i;
  }
  return i;
}

/// True when the properties at `i` include a tag. yaml-cpp reports both a quoted scalar and
/// one tagged with a bare `!` as tag "!", so only the source tells them apart.
bool has_explicit_tag(std::string_view src, std::size_t i) {
  while (i < src.size() && src[i] == '&') {
    while (i < src.size() && !is_space(src[i])) ++i;
    while (i < src.size() && is_space(src[i])) ++i;
  }
  return i < src.size() && src[i] == '!';
}

/// The word after a `*` or `&` at `i`, without the sigil.
std::string name_at(std::string_view src, std::size_t i) {
  std::size_t end = i + 1;
  while (end < src.size() && !is_space(src[end]) && src[end] != ',' && src[end] != ']' && src[end] != '}') ++end;
  return i + 1 <= end && end <= src.size() ? printable(src.substr(i + 1, end - i - 1)) : std::string();
}

/// Whether a null scalar is spelled out (`~`, `null`, ...) rather than an empty value; yaml-cpp
/// marks an empty value at the next token, which may be lines later.
bool spelled_null(std::string_view src, std::size_t i) {
  i = skip_properties(src, i);
  if (i < src.size() && src[i] == '~') return i + 1 == src.size() || ends_plain_word(src[i + 1]);
  for (std::string_view word : {"null", "Null", "NULL"})
    if (src.substr(i, 4) == word) return i + 4 == src.size() || ends_plain_word(src[i + 4]);
  return false;
}

/// yaml-cpp 0.7 accepts a quoted scalar left open at the end of the file (it swallows the rest
/// of the file into the string), so we look for the closing quote ourselves.
bool quote_closed(std::string_view src, std::size_t open) {
  const char q = src[open];
  for (std::size_t i = open + 1; i < src.size(); ++i) {
    if (q == '"' && src[i] == '\\') {
      ++i;
    } else if (src[i] == q) {
      if (q == '\'' && i + 1 < src.size() && src[i + 1] == '\'') {
        ++i;  // '' is an escaped quote inside single quotes
      } else {
        return true;
      }
    }
  }
  return false;
}

/// Whether `c` starts a character (is not a UTF-8 continuation byte). Columns count
/// characters, as editors do: 文 before a node moves it one column, not three.
bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

/// 1-based line and character column of byte `offset`. A BOM is not counted in the column,
/// matching the columns of the nodes (yaml-cpp never sees the BOM).
position locate(std::string_view text, std::size_t offset, std::size_t bom) {
  position p;
  std::size_t line_start = bom;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  for (std::size_t i = line_start; i < offset && i < text.size(); ++i) p.column += starts_character(text[i]) ? 1 : 0;
  return p;
}

/// Character columns of the byte offsets in yaml-cpp's marks (which count bytes). Marks come
/// mostly in increasing order, so a cursor makes the whole parse one pass over the text
/// (scanning back to the line start per node would be quadratic on a long line).
class char_columns {
 public:
  explicit char_columns(std::string_view text) : text_(text) {}
  std::uint32_t at(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < pos_) {  // behind the cursor: restart from the start of that line
      pos_ = text_.rfind('\n', offset == 0 ? 0 : offset - 1);
      pos_ = pos_ == std::string_view::npos || pos_ >= offset ? 0 : pos_ + 1;
      column_ = 1;
    }
    for (; pos_ < offset; ++pos_) {
      if (text_[pos_] == '\n') column_ = 1;
      else if (starts_character(text_[pos_])) ++column_;
    }
    return column_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t column_ = 1;  ///< the character column of pos_
};

position position_of(const YAML::Mark& m, std::string_view src, char_columns& columns) {
  return {static_cast<std::uint32_t>(m.line + 1), columns.at(to_index(m.pos, src))};
}

std::string tag_display(const std::string& tag) {
  const std::string core = "tag:yaml.org,2002:";
  if (tag.compare(0, core.size(), core) == 0) return "!!" + tag.substr(core.size());
  return tag;
}

// ---------------------------------------------------------------------------------------------
// The event handler that builds the tree

/// A mapping or sequence being filled.
struct frame {
  yaml_node node;
  bool has_key = false;                                    ///< a key waits for its value
  yaml_node key;
  std::map<std::pair<bool, std::string>, std::uint32_t> seen;  ///< (null, text) → first line
};

class tree_builder final : public YAML::EventHandler {
 public:
  tree_builder(std::string_view src, const load_limits& limits, reporter& rep)
      : src_(src), limits_(limits), rep_(rep) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) fatal(msg::multiple_documents, mark);
  }
  void OnDocumentEnd() override { complete_ = stack_.empty() && have_root_; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    yaml_node n = start_node(yaml_node::kind::scalar, mark, anchor);
    n.null = true;
    attach(std::move(n), !spelled_null(src_, to_index(mark.pos, src_)));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    yaml_node n = start_node(yaml_node::kind::scalar, mark, YAML::NullAnchor);
    refuse(msg::alias, mark, {name_at(src_, to_index(mark.pos, src_))});
    n.null = true;  // a placeholder keeps keys and values paired
    attach(std::move(n));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    yaml_node n = start_node(yaml_node::kind::scalar, mark, anchor);
    n.quoted = check_scalar_tag(mark, tag);
    if (n.quoted) check_quote_closed(mark);
    n.text_column = verbatim_column(mark, n.column, value);
    n.text = value;
    attach(std::move(n));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(yaml_node::kind::sequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(yaml_node::kind::mapping, mark, tag, anchor);
  }
  void OnMapEnd() override { close(); }

  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

  /// yaml-cpp's own recursion guard fired (only when limits.max_depth is near its 500).
  void report_parser_too_deep() {
    rep_.add(msg::parser_too_deep, last_collection_, {std::to_string(stack_.size())});
  }

  position last_position() const { return last_; }
  bool seen_document() const { return documents_ > 0; }

  /// Hands the finished tree over; checks what only the whole document can tell.
  void finish(yaml_document& out) {
    if (!complete_) return;
    if (!root_.is_map()) rep_.add(msg::top_not_mapping, {root_.line, root_.column}, {kind_phrase(root_)});
    out.root = std::move(root_);
  }

 private:
  static std::string kind_phrase(const yaml_node& n) {
    if (n.is_seq()) return "a list";
    return n.null ? "an empty value" : "a single value";
  }

  yaml_node start_node(yaml_node::kind type, const YAML::Mark& mark, YAML::anchor_t anchor) {
    last_ = position_of(mark, src_, columns_);
    if (++nodes_ > limits_.max_nodes) fatal(msg::too_many_nodes, mark, {std::to_string(limits_.max_nodes)});
    if (anchor != YAML::NullAnchor) refuse(msg::anchor, mark, {printable(anchor_name_)});
    yaml_node n;
    n.type = type;
    n.line = last_.line;
    n.column = last_.column;
    return n;
  }

  /// Returns whether the scalar was quoted (or a block scalar); reports any explicit tag.
  bool check_scalar_tag(const YAML::Mark& mark, const std::string& tag) {
    if (tag == "?") return false;
    const bool explicit_bang = tag == "!" && has_explicit_tag(src_, to_index(mark.pos, src_));
    if (tag == "!" && !explicit_bang) return true;
    refuse(msg::tag, mark, {tag_display(tag)});
    return false;
  }

  /// Where `value` starts when it is a verbatim copy of the source at the scalar (after its
  /// opening quote, if any), on one line; else 0.
  std::uint32_t verbatim_column(const YAML::Mark& mark, std::uint32_t column, const std::string& value) const {
    std::size_t at = to_index(mark.pos, src_);
    const bool quote = at < src_.size() && (src_[at] == '"' || src_[at] == '\'');
    if (quote) ++at;
    if (at > src_.size() || value.find('\n') != std::string::npos || src_.compare(at, value.size(), value) != 0) return 0;
    return column + (quote ? 1 : 0);
  }

  void check_quote_closed(const YAML::Mark& mark) {
    const std::size_t at = skip_properties(src_, to_index(mark.pos, src_));
    if (at >= src_.size() || (src_[at] != '"' && src_[at] != '\'')) return;  // block scalar
    if (!quote_closed(src_, at)) fatal(msg::unclosed_quote, mark, {std::string(1, src_[at])});
  }

  void open(yaml_node::kind type, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    last_collection_ = position_of(mark, src_, columns_);
    if (stack_.size() + 1 > limits_.max_depth) fatal(msg::too_deep, mark, {std::to_string(limits_.max_depth)});
    frame f;
    f.node = start_node(type, mark, anchor);
    if (tag != "?") refuse(msg::tag, mark, {tag_display(tag)});
    stack_.push_back(std::move(f));
  }

  void close() {
    yaml_node n = std::move(stack_.back().node);
    stack_.pop_back();
    attach(std::move(n));
  }

  /// Puts a finished node where it belongs: the root, a list item, a key, or a key's value.
  /// `empty`: a null written as nothing; it takes its key's place so errors point at the key.
  void attach(yaml_node&& n, bool empty = false) {
    if (stack_.empty()) {
      root_ = std::move(n);
      have_root_ = true;
      return;
    }
    frame& top = stack_.back();
    if (top.node.is_seq()) {
      top.node.items.push_back(std::move(n));
    } else if (!top.has_key) {
      check_key(top, n);
      top.key = std::move(n);
      top.has_key = true;
    } else {
      if (empty) {
        n.line = top.key.line;
        n.column = top.key.column;
      }
      top.node.entries.push_back({std::move(top.key), std::move(n)});
      top.has_key = false;
    }
  }

  void check_key(frame& top, const yaml_node& key) {
    const position at{key.line, key.column};
    if (!key.is_scalar()) return refuse(msg::complex_key, at, {key.is_seq() ? "list" : "mapping"});
    if (!key.quoted && !key.null && key.text == "<<") return refuse(msg::merge_key, at, {});
    auto [it, inserted] = top.seen.emplace(std::make_pair(key.null, key.text), key.line);
    if (!inserted) refuse(msg::duplicate_key, at, {key.null ? "null" : printable(key.text), std::to_string(it->second)});
  }

  /// A refusal that lets parsing go on, so one run shows every such problem.
  void refuse(msg id, position at, std::initializer_list<std::string> args) {
    rep_.add(id, at, args);
    if (rep_.full()) throw stop_loading{};
  }
  void refuse(msg id, const YAML::Mark& mark, std::initializer_list<std::string> args) {
    refuse(id, position_of(mark, src_, columns_), args);
  }

  /// A problem after which the rest of the parse would mislead: report it and stop.
  [[noreturn]] void fatal(msg id, const YAML::Mark& mark, std::initializer_list<std::string> args = {}) {
    rep_.add(id, position_of(mark, src_, columns_), args);
    throw stop_loading{};
  }

  std::string_view src_;
  char_columns columns_{src_};
  const load_limits& limits_;
  reporter& rep_;
  std::vector<frame> stack_;
  yaml_node root_;
  bool have_root_ = false;
  bool complete_ = false;
  int documents_ = 0;
  std::size_t nodes_ = 0;
  std::string anchor_name_;
  position last_;
  position last_collection_;
};

// ---------------------------------------------------------------------------------------------
// The phases of load_yaml

/// Lets yaml-cpp read the text in place instead of from a copy.
class view_buffer final : public std::streambuf {
 public:
  explicit view_buffer(std::string_view s) {
    char* p = const_cast<char*>(s.data());  // read-only: the get area is never written
    setg(p, p, p + s.size());
  }
};

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

std::size_t bom_length(std::string_view text) { return text.substr(0, 3) == utf8_bom ? 3 : 0; }

/// First C0 control (other than tab, LF, CR), DEL or C1 control in valid UTF-8 text, or -1.
/// YAML forbids them, and yaml-cpp would misread a NUL near the start as UTF-16 or UTF-32.
std::int64_t find_control_character(std::string_view text, std::string& shown) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    const bool c0 = b < 0x20 && b != '\t' && b != '\n' && b != '\r';
    const bool c1 = b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c0 || b == 0x7F || c1) {
      const unsigned code = c1 ? static_cast<unsigned char>(text[i + 1]) : b;
      static const char hex[] = "0123456789ABCDEF";
      shown = std::string("U+00") + hex[code >> 4] + hex[code & 0xFU];
      return static_cast<std::int64_t>(i);
    }
  }
  return -1;
}

bool check_encoding(std::string_view text, reporter& rep) {
  const std::size_t bom = bom_length(text);
  const std::int64_t bad = find_invalid_utf8(text);
  if (bad >= 0) {
    rep.add(msg::invalid_utf8, locate(text, static_cast<std::size_t>(bad), bom), {std::to_string(bad)}, bad);
    return false;
  }
  std::string shown;
  const std::int64_t control = find_control_character(text, shown);
  if (control >= 0) {
    rep.add(msg::control_character, locate(text, static_cast<std::size_t>(control), bom),
            {shown, std::to_string(control)}, control);
    return false;
  }
  return true;
}

bool is_marker(std::string_view line) {
  return (line.substr(0, 3) == "---" || line.substr(0, 3) == "...") &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

/// A line with nothing but blanks, a comment, or a document marker (with perhaps a comment).
bool is_blank_line(std::string_view line) {
  if (is_marker(line)) line.remove_prefix(3);
  const std::size_t first = line.find_first_not_of(" \t\r");
  return first == std::string_view::npos || line[first] == '#';
}

/// Only blank lines: yaml-cpp would yield no document or a bare null, both unhelpful.
bool is_blank(std::string_view body) {
  for (std::size_t i = 0; i <= body.size();) {
    std::size_t end = body.find('\n', i);
    if (end == std::string_view::npos) end = body.size();
    if (!is_blank_line(body.substr(i, end - i))) return false;
    i = end + 1;
  }
  return true;
}

/// Where a tab sits in the indentation of the line holding `pos`, if it does. yaml-cpp reports a
/// tab in indentation as a variety of errors, often at the next token rather than at the tab.
bool tab_in_indentation(std::string_view src, std::size_t pos, position at, position& tab) {
  pos = std::min(pos, src.size());
  const std::size_t newline = pos == 0 ? std::string_view::npos : src.rfind('\n', pos - 1);
  const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  for (std::size_t i = line_start; i < src.size() && (src[i] == ' ' || src[i] == '\t'); ++i) {
    if (src[i] == '\t') {
      tab = {at.line, static_cast<std::uint32_t>(i - line_start + 1)};
      return true;
    }
  }
  return false;
}

void report_syntax(const YAML::ParserException& e, std::string_view src, position fallback, reporter& rep) {
  const bool placed = e.mark.line >= 0 && e.mark.column >= 0;
  char_columns columns(src);
  const position at = placed ? position_of(e.mark, src, columns) : fallback;
  position tab;
  if (placed && tab_in_indentation(src, to_index(e.mark.pos, src), at, tab)) return rep.add(msg::tab_indent, tab);
  for (const auto& s : syntax_messages) {
    if (e.msg.compare(0, std::strlen(s.yaml_cpp), s.yaml_cpp) != 0) continue;
    // yaml-cpp places its depth error wherever its scanner had read to; the last node we saw
    // is where the nesting actually went too far.
    const bool depth_error = std::strcmp(s.code, "too-deep") == 0;
    return rep.add_raw(s.code, depth_error ? fallback : at, s.text, s.hint);
  }
  rep.add_raw("yaml-syntax", at, "YAML syntax error: " + printable(e.msg), "");
}

void parse_into(std::string_view src, const load_limits& limits, yaml_document& out, reporter& rep) {
  view_buffer buffer(src);
  std::istream in(&buffer);
  YAML::Parser parser(in);
  tree_builder builder(src, limits, rep);
  try {
    // The second call only looks for a second document; the builder refuses it at its start.
    if (parser.HandleNextDocument(builder)) parser.HandleNextDocument(builder);
  } catch (const stop_loading&) {
    return;
  } catch (const YAML::DeepRecursion&) {
    return builder.report_parser_too_deep();
  } catch (const YAML::ParserException& e) {
    return report_syntax(e, src, builder.last_position(), rep);
  }
  if (!builder.seen_document()) return rep.add(msg::empty_document, {});
  builder.finish(out);
}

void load_checked(std::string_view text, const load_limits& limits, yaml_document& out, reporter& rep) {
  if (text.size() > limits.max_bytes)
    return rep.add(msg::file_too_large, {}, {std::to_string(text.size()), std::to_string(limits.max_bytes)});
  if (!check_encoding(text, rep)) return;
  const std::string_view body = text.substr(bom_length(text));
  if (is_blank(body)) return rep.add(msg::empty_document, {});
  parse_into(body, limits, out, rep);
}

// ---------------------------------------------------------------------------------------------
// Reading a file

/// Reads at most `limit` + 1 bytes, so a file that grows after stat (or a device that never
/// ends) is still refused without reading it all.
bool read_bounded(std::ifstream& in, std::size_t limit, std::string& bytes) {
  char chunk[64 * 1024];
  while (in && bytes.size() <= limit) {
    in.read(chunk, sizeof chunk);
    bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  return !in.bad();
}

/// Stats, then reads `path`; reports and returns false when the file cannot be used.
bool read_file(const std::string& path, const load_limits& limits, std::string& bytes, reporter& rep) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) {
    rep.add_unplaced(msg::file_unreadable, {path, ec.message()});
    return false;
  }
  if (fs::is_directory(st)) {
    rep.add_unplaced(msg::file_is_directory, {path});
    return false;
  }
  // Opening a FIFO blocks until a writer comes, and a device may never end: read files only.
  if (!fs::is_regular_file(st)) {
    rep.add_unplaced(msg::file_not_regular, {path});
    return false;
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > limits.max_bytes) {
    rep.add(msg::file_too_large, {}, {std::to_string(size), std::to_string(limits.max_bytes)});
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in || !read_bounded(in, limits.max_bytes, bytes)) {
    rep.add_unplaced(msg::file_unreadable, {path, std::strerror(errno)});
    return false;
  }
  if (bytes.size() > limits.max_bytes) {
    rep.add(msg::file_too_large, {}, {"more than " + std::to_string(limits.max_bytes), std::to_string(limits.max_bytes)});
    return false;
  }
  return true;
}

void report_internal(reporter& rep, const char* what) {
  try {
    rep.add(msg::internal, {}, {what});
  } catch (...) {  // out of memory even for the message: the caller still sees `false`
  }
}

}  // namespace

bool load_yaml(const std::string& file, std::string_view text, const load_limits& limits, yaml_document& out,
               std::vector<diagnostic>& diags) {
  const std::size_t before = diags.size();
  reporter rep(file, diags, limits.max_diagnostics);
  try {
    out = yaml_document{};
    out.file = file;
    load_checked(text, limits, out, rep);
  } catch (const std::exception& e) {  // e.g. bad_alloc: bad input must never throw out of here
    report_internal(rep, e.what());
  } catch (...) {
    report_internal(rep, "unknown error");
  }
  return diags.size() == before;
}

bool load_yaml_file(const std::string& path, const load_limits& limits, yaml_document& out,
                    std::vector<diagnostic>& diags, std::string* bytes_out) {
  const std::size_t before = diags.size();
  reporter rep(path, diags, limits.max_diagnostics);
  std::string bytes;
  try {
    if (!read_file(path, limits, bytes, rep)) return false;
    if (bytes_out != nullptr) *bytes_out = bytes;
  } catch (const std::exception& e) {
    report_internal(rep, e.what());
    return false;
  }
  return load_yaml(path, bytes, limits, out, diags) && diags.size() == before;
}

}  // namespace detail
MUSTER_END_NAMESPACE
