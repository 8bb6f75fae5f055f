// Internal: the bytes of an alert, checked before and while pugixml reads them.
#pragma once

#include "cap/messages.hpp"

#include <muster/cap.hpp>

#include <pugixml.hpp>

#include <cstdint>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {

/// In order: the size bound; UTF-8 only (a UTF-8 byte order mark is skipped, UTF-16 refused,
/// every byte valid UTF-8, no control character XML 1.0 forbids — a NUL would end pugixml's
/// reading early and hide what follows); no <!DOCTYPE or <!ENTITY anywhere (so nothing can
/// declare, expand or fetch an entity); then pugixml; then exactly one root element, no text
/// beside it, an XML declaration naming UTF-8 if any, and nesting within l.max_depth. False,
/// with the errors reported, when the document is refused; `doc` then holds nothing useful.
bool load_xml(std::string_view text, const limits& l, reporter& rep, pugi::xml_document& doc);

/// Where `n` starts in the text load_xml read: an element's '<', a text's first character.
std::int64_t offset_of(const pugi::xml_node& n);

}  // namespace cap::detail
MUSTER_END_NAMESPACE
