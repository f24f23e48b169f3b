#include "io/atomic_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>

#include "watchmap/error.hpp"

namespace fs = std::filesystem;

namespace watchmap::detail {

namespace {
std::string with_extension(const fs::path& p, const std::string& ext) {
  fs::path out = p;
  out.replace_extension(ext);
  return out.string();
}
}  // namespace

std::string extension_of(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

void require_exists(const std::string& path, const std::string& what) {
  if (path.rfind("/vsi", 0) == 0 || path.find(':') != std::string::npos) return;  // GDAL special path
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError(what + ": file not found: " + path);
}

AtomicOutput::AtomicOutput(std::string target, std::vector<std::string> sidecars)
    : target_(std::move(target)), sidecars_(std::move(sidecars)) {
  static std::atomic<unsigned> counter{0};
  fs::path t(target_);
  if (t.has_parent_path()) {
    std::error_code ec;
    if (!fs::is_directory(t.parent_path(), ec)) {
      throw IoError("cannot write " + target_ + ": folder " + t.parent_path().string() + " does not exist");
    }
  }
  const std::string stem = "." + t.stem().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter.fetch_add(1));
  temp_ = (t.parent_path() / (stem + t.extension().string())).string();
}

AtomicOutput::~AtomicOutput() {
  if (committed_) return;
  std::error_code ec;
  fs::remove(temp_, ec);
  for (const std::string& ext : sidecars_) fs::remove(with_extension(temp_, ext), ec);
}

void AtomicOutput::commit() {
  std::error_code ec;
  for (const std::string& ext : sidecars_) {
    const std::string from = with_extension(temp_, ext);
    if (fs::exists(from, ec)) {
      fs::rename(from, with_extension(target_, ext), ec);
      if (ec) throw IoError("cannot write " + with_extension(target_, ext) + ": " + ec.message());
    } else {
      fs::remove(with_extension(target_, ext), ec);  // stale sidecar of an older file
    }
  }
  fs::rename(temp_, target_, ec);
  if (ec) throw IoError("cannot write " + target_ + ": " + ec.message());
  committed_ = true;
}

}  // namespace watchmap::detail
