#include "support/support.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/test_config.hpp"

namespace fs = std::filesystem;

namespace watchmap::test {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  dir_ = fs::temp_directory_path() /
         ("watchmap-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)));
  fs::create_directories(dir_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string shared_path(const std::string& relative) {
  const fs::path p = fs::path(kSharedDir) / relative;
  return fs::exists(p) ? p.string() : std::string();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

PolygonSet sample_polygons(const Crs& crs) {
  PolygonSet::Builder b(crs);
  auto square = [&](double x0, double y0, double size) {
    const double xs[] = {x0, x0 + size, x0 + size, x0, x0};
    const double ys[] = {y0, y0, y0 + size, y0 + size, y0};
    b.add_ring(xs, ys);
  };
  square(0, 0, 1);
  b.end_feature();
  square(1, 0, 1);
  b.end_feature();
  square(3, 0, 3);  // shell 3x3 with a clockwise 1x1 hole
  {
    const double xs[] = {4, 4, 5, 5, 4};
    const double ys[] = {1, 2, 2, 1, 1};
    b.add_ring(xs, ys);
  }
  b.end_feature();
  square(10, 0, 1);  // two parts
  b.end_part();
  square(12, 0, 2);
  b.end_feature();
  PolygonSet ps = b.build();
  Table t;
  t.add(Column{"name", ColumnType::String, {}, {}, {"Nà Pài", "Khuổi Cò", "with hole", "two parts"}, {}});
  t.add(Column{"population", ColumnType::Integer, {120, 340, 0, 95}, {}, {}, {0, 0, 1, 0}});
  t.add(Column{"share", ColumnType::Real, {}, {0.5, 0.25, 1.0, 0.125}, {}, {}});
  ps.set_attributes(std::move(t));
  return ps;
}

size_t NumericCsv::column(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  throw std::runtime_error("no column " + name);
}

NumericCsv read_numeric_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  NumericCsv csv;
  std::string line, field;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::stringstream head(line);
  while (std::getline(head, field, ',')) csv.header.push_back(field);
  auto chomp = [](std::string& l) {
    if (!l.empty() && l.back() == '\r') l.pop_back();  // CRLF files
  };
  chomp(line);
  while (std::getline(in, line)) {
    chomp(line);
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::vector<double> row;
    while (std::getline(ss, field, ',')) row.push_back(std::stod(field));
    csv.rows.push_back(std::move(row));
  }
  return csv;
}

}  // namespace watchmap::test
