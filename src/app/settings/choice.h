#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sagashop::app {

// One value of a setting that takes one of a few names (an adapter, a log level): the name as
// flags and environment variables spell it, and the value it stands for.
template <typename Enum>
struct Choice {
  std::string_view name;
  Enum value;
};

// "a, b or c": the names of `choices`, as an error message lists them.
template <typename Enum>
std::string ChoiceNames(std::span<const Choice<Enum>> choices) {
  std::string names;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) names += i + 1 == choices.size() ? " or " : ", ";
    names += choices[i].name;
  }
  return names;
}

// The value named `text`; throws std::invalid_argument listing the names otherwise.
template <typename Enum>
Enum ParseChoice(std::span<const Choice<Enum>> choices, std::string_view text) {
  for (const Choice<Enum>& choice : choices) {
    if (choice.name == text) return choice.value;
  }
  throw std::invalid_argument("must be " + ChoiceNames(choices) + ", got '" + std::string(text) +
                              "'");
}

template <typename Enum>
std::string_view NameOf(std::span<const Choice<Enum>> choices, Enum value) {
  for (const Choice<Enum>& choice : choices) {
    if (choice.value == value) return choice.name;
  }
  return "?";
}

}  // namespace sagashop::app
