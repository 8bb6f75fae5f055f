// Reading an alert's bytes as XML, refusing what is hostile before it can cost anything
// (see xml_input.hpp). pugixml expands no entity of a DTD and fetches nothing, but it still
// reads a DOCTYPE; refusing any DOCTYPE outright leaves no room for DTD tricks at all.
#include "cap/xml_input.hpp"

#include "common/utf8.hpp"

#include <cctype>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

/// Whether `s` at `i` starts with `word`, ignoring ASCII case (XML's keywords are upper-case;
/// a lower-case one is refused all the same rather than read as text).
bool keyword_at(std::string_view s, std::size_t i, std::string_view word) {
  if (s.size() - i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k)
    if (std::toupper(static_cast<unsigned char>(s[i + k])) != word[k]) return false;
  return true;
}

/// The control characters XML 1.0 forbids (its Char production): C0 but tab, LF, CR.
bool forbidden_control(unsigned char b) { return b < 0x20 && b != '\t' && b != '\n' && b != '\r'; }

bool check_bytes(std::string_view text, const limits& l, reporter& rep) {
  if (text.size() > l.max_bytes) {
    rep.add(msg::file_too_large, source_location{rep.file(), 0, 0, -1},
            {std::to_string(text.size()), std::to_string(l.max_bytes)});
    return false;
  }
  if (starts_with(text, "\xFF\xFE") || starts_with(text, "\xFE\xFF")) {
    rep.add(msg::utf16, 0, {starts_with(text, "\xFF\xFE") ? "FF FE" : "FE FF"});
    return false;
  }
  if (text.size() >= 2 && ((text[0] == '<' && text[1] == '\0') || (text[0] == '\0' && text[1] == '<'))) {
    rep.add(msg::utf16, 0, {"none, but every other byte is zero"});
    return false;
  }
  if (const std::int64_t bad = muster::detail::find_invalid_utf8(text); bad >= 0) {
    rep.add(msg::invalid_utf8, bad, {std::to_string(bad)});
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (forbidden_control(b)) {
      static const char hex[] = "0123456789ABCDEF";
      const std::string shown = std::string("U+00") + hex[b >> 4] + hex[b & 0xFU];
      rep.add(msg::xml_syntax, static_cast<std::int64_t>(i),
              {"control character " + shown + " at byte offset " + std::to_string(i) + " is not allowed in XML 1.0"});
      return false;
    }
    if (b == '<' && i + 1 < text.size() && text[i + 1] == '!') {
      if (keyword_at(text, i + 2, "DOCTYPE")) {
        rep.add(msg::doctype, static_cast<std::int64_t>(i));
        return false;
      }
      if (keyword_at(text, i + 2, "ENTITY")) {
        rep.add(msg::entity, static_cast<std::int64_t>(i));
        return false;
      }
    }
  }
  return true;
}

/// pugixml's description of a parse failure, in our words where they differ.
std::string syntax_message(const pugi::xml_parse_result& r) {
  switch (r.status) {
    case pugi::status_end_element_mismatch: return "an end tag does not match the open element";
    case pugi::status_unrecognized_tag: return "a '<' that starts no tag, comment or CDATA section";
    case pugi::status_bad_attribute: return "a malformed attribute (name=\"value\")";
    case pugi::status_bad_start_element: return "a malformed start tag";
    case pugi::status_bad_end_element: return "a malformed end tag";
    case pugi::status_bad_pcdata: return "malformed text";
    case pugi::status_bad_cdata: return "a CDATA section that does not end with ]]>";
    case pugi::status_bad_comment: return "a comment that does not end with -->";
    case pugi::status_bad_pi: return "a malformed processing instruction or XML declaration";
    default: return r.description();
  }
}

bool check_tree(const pugi::xml_document& doc, const limits& l, reporter& rep) {
  pugi::xml_node root;
  for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      rep.add(msg::text_outside_root, offset_of(n));
      return false;
    }
    if (n.type() == pugi::node_declaration) {
      const std::string_view enc = n.attribute("encoding").value();
      const bool utf8 = enc.empty() || (enc.size() == 5 && keyword_at(enc, 0, "UTF-8"));
      if (!utf8) {
        rep.add(msg::encoding, offset_of(n), {shown(enc)});
        return false;
      }
    }
    if (n.type() != pugi::node_element) continue;
    if (root) {
      rep.add(msg::second_root, offset_of(n), {n.name()});
      return false;
    }
    root = n;
  }
  if (!root) {
    rep.add(msg::empty_document, source_location{rep.file(), 0, 0, -1});
    return false;
  }
  // Depth first without recursion: the bound is checked before anything recurses.
  unsigned depth = 1;
  pugi::xml_node n = root;
  while (n) {
    if (n.type() == pugi::node_element && depth > l.max_depth) {
      rep.add(msg::too_deep, offset_of(n), {std::to_string(l.max_depth)});
      return false;
    }
    if (pugi::xml_node c = n.first_child()) {
      n = c;
      ++depth;
      continue;
    }
    while (n && n != root && !n.next_sibling()) {
      n = n.parent();
      --depth;
    }
    if (!n || n == root) break;
    n = n.next_sibling();
  }
  return true;
}

}  // namespace

std::int64_t offset_of(const pugi::xml_node& n) {
  const std::ptrdiff_t at = n.offset_debug();
  if (at < 0) return -1;
  // An element's offset is its name's; the '<' is just before it.
  return n.type() == pugi::node_element || n.type() == pugi::node_declaration ? at - (n.type() == pugi::node_element ? 1 : 2)
                                                                              : at;
}

bool load_xml(std::string_view text, const limits& l, reporter& rep, pugi::xml_document& doc) {
  rep.locate_in(text);
  if (!check_bytes(text, l, rep)) return false;
  // parse_fragment keeps text outside the root as nodes, so that check_tree can refuse it
  // (without it pugixml drops such text silently). Comments and processing instructions are
  // not kept; the BOM is skipped and offsets still count from the first byte.
  const unsigned flags = pugi::parse_default | pugi::parse_declaration | pugi::parse_fragment;
  const pugi::xml_parse_result r = doc.load_buffer(text.data(), text.size(), flags, pugi::encoding_utf8);
  if (!r) {
    std::ptrdiff_t at = r.offset;
    // pugixml points a mismatched end tag at its name; the reader looks for the "</".
    if (r.status == pugi::status_end_element_mismatch && at >= 2 && text.substr(static_cast<std::size_t>(at) - 2, 2) == "</") at -= 2;
    rep.add(msg::xml_syntax, static_cast<std::int64_t>(at), {syntax_message(r)});
    return false;
  }
  return check_tree(doc, l, rep);
}

}  // namespace cap::detail
MUSTER_END_NAMESPACE
