#include "console/forwarded_target.h"

#include <boost/url/url.hpp>

namespace sagashop::console {

std::string ForwardedTarget(std::string_view path,
                            const std::map<std::string, std::string>& query) {
  boost::urls::url target;
  target.set_path("/" + std::string(path));
  for (const auto& [name, value] : query) target.params().append({name, value});
  return std::string(target.encoded_target());
}

}  // namespace sagashop::console
