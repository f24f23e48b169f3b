"""Builds watchmap._core with CMake for `pip install --no-build-isolation .` (works offline)."""
import os
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        out_dir = os.path.dirname(os.path.abspath(self.get_ext_fullpath(ext.name)))
        build_dir = os.path.abspath(os.path.join(self.build_temp, "cmake"))
        os.makedirs(build_dir, exist_ok=True)
        subprocess.check_call([
            "cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython_EXECUTABLE={sys.executable}", "-DWATCHMAP_BUILD_TESTS=OFF",
            f"-DWATCHMAP_PYTHON_OUTPUT_DIR={out_dir}",
        ])
        jobs = os.environ.get("WATCHMAP_JOBS", str(os.cpu_count() or 2))
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "_core", "-j", jobs])


setup(ext_modules=[CMakeExtension("watchmap._core")], cmdclass={"build_ext": CMakeBuild})
