#include <muster/model/basics.hpp>

MUSTER_BEGIN_NAMESPACE

std::string text::display() const {
  if (zh.empty()) return en;
  if (en.empty()) return zh;
  return zh + " (" + en + ")";
}

MUSTER_END_NAMESPACE
