#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
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

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// rename() that, with replace = false, fails with EEXIST instead of replacing.
int rename_file(const std::string& from, const std::string& to, bool replace) {
  if (replace) return ::rename(from.c_str(), to.c_str());
#ifdef RENAME_NOREPLACE
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
#endif
  if (::link(from.c_str(), to.c_str()) != 0) return -1;  // EEXIST when the target appeared
  ::unlink(from.c_str());
  return 0;
}

}  // namespace

std::string reason_of(int err) { return std::strerror(err); }

std::string extension_of(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

bool is_connection_string(const std::string& path) {
  return path.rfind("/vsi", 0) == 0 || path.find(':') != std::string::npos;
}

void require_exists(const std::string& path, const std::string& what) {
  if (is_connection_string(path)) return;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError(what + ": file not found: " + path);
}

AtomicOutput::AtomicOutput(std::string target, std::vector<std::string> sidecars)
    : target_(std::move(target)), sidecars_(std::move(sidecars)) {
  static std::atomic<unsigned> counter{0};
  fs::path t(target_);
  const fs::path folder = t.has_parent_path() ? t.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw IoError("cannot write " + target_ + ": folder " + folder.string() + " does not exist");
  }
  struct stat st {};
  if (::stat(target_.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) throw IoError("cannot write " + target_ + ": it exists and is not a regular file");
    if ((st.st_mode & 0222) == 0) {
      throw IoError("cannot write " + target_ + ": the file is read-only (mode " + octal_mode(st.st_mode) +
                    "); make it writable (chmod u+w) or write to another name");
    }
    target_exists_ = true;
    mode_ = st.st_mode & 07777;
    uid_ = st.st_uid;
    gid_ = st.st_gid;
  }
  const std::string stem = "." + t.stem().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter.fetch_add(1));
  temp_ = (folder / (stem + t.extension().string())).string();
  // Probe that a file can be made here, so the error says why rather than GDAL's "cannot create".
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    throw IoError("cannot write " + target_ + ": cannot create a file in folder " + folder.string() + " (" +
                  reason_of(errno) + ")");
  }
  ::close(fd);
  ::unlink(temp_.c_str());
}

AtomicOutput::~AtomicOutput() {
  if (committed_) return;
  std::error_code ec;
  fs::remove(temp_, ec);
  for (const std::string& ext : sidecars_) fs::remove(with_extension(temp_, ext), ec);
}

void AtomicOutput::copy_target_to_temp() {
  std::vector<std::pair<std::string, std::string>> files{{target_, temp_}};
  for (const std::string& ext : sidecars_) files.emplace_back(with_extension(target_, ext), with_extension(temp_, ext));
  for (const auto& [from, to] : files) {
    std::error_code ec;
    if (from != target_ && !fs::exists(from, ec)) continue;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      throw IoError("cannot append to " + target_ + ": copying " + from + " to a temporary file beside it failed (" +
                    ec.message() + "); the file is unchanged");
    }
  }
}

void AtomicOutput::commit(bool replace) {
  auto keep_mode = [&](const std::string& path) {
    if (!target_exists_) return;
    ::chmod(path.c_str(), mode_);
    if (::chown(path.c_str(), uid_, gid_) != 0) { /* only root or the owner may; best effort */ }
  };
  for (const std::string& ext : sidecars_) {
    const std::string from = with_extension(temp_, ext);
    const std::string to = with_extension(target_, ext);
    std::error_code ec;
    if (fs::exists(from, ec)) {
      keep_mode(from);
      if (rename_file(from, to, true) != 0) throw IoError("cannot write " + to + ": " + reason_of(errno));
    } else {
      fs::remove(to, ec);  // stale sidecar of an older file
    }
  }
  keep_mode(temp_);
  if (rename_file(temp_, target_, replace) != 0) {
    const int err = errno;
    if (err == EEXIST) {
      throw IoError("cannot write " + target_ + ": another program created it while it was being written; nothing "
                    "was changed, try again");
    }
    throw IoError("cannot write " + target_ + ": renaming the finished temporary file onto it failed (" +
                  reason_of(err) + ")");
  }
  committed_ = true;
}

}  // namespace watchmap::detail
