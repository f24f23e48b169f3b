// Deliberately breaks the layering: an analytics file including GDAL. Building this target must
// fail with the guard's #error; tests/cpp/CMakeLists.txt checks that it does.
#include <gdal_priv.h>

int watchmap_layering_probe() { return 0; }
