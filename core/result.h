// Errors are values: the core never throws across its API (the wasm build runs without
// exception support), and every error says where in the input it is.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace starsheet {

/// What is wrong with an input and where: a JSON pointer ("/measures/orders_on_time") or a
/// record position; the shell adds the file name.
struct input_error {
  std::string where;
  std::string message;  ///< in English, for logs and the CLI's --lang en
  /// When set, a message id of the import rules whose zh/en text the renderers show instead,
  /// with its {placeholders} filled from `args`.
  std::string key{};
  std::vector<std::pair<std::string, std::string>> args{};
};

/// Either a value or the first error that prevented it.
template <class T>
class result {
 public:
  result(T value) : value_(std::move(value)) {}
  result(input_error error) : error_(std::move(error)) {}

  explicit operator bool() const { return value_.has_value(); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  const input_error& error() const { return error_; }

 private:
  std::optional<T> value_;
  input_error error_;
};

}  // namespace starsheet
