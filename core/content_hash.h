// SHA-256 of a byte string as 64 lowercase hex digits: identifies a rule pack by its content, so a
// report made with an edited pack that kept its id and version is not taken for one of this pack.
#pragma once

#include <string>
#include <string_view>

namespace starsheet {

/// The SHA-256 digest (FIPS 180-4) of `bytes`, in lowercase hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace starsheet
