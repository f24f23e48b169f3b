"""Writes the small seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/); run once with
/usr/bin/python3 when a seed is added. The fuzzers start from these and keep what they find in a
working copy (scripts/fuzz.sh), so the committed corpora stay small."""
from pathlib import Path

import shapely.geometry as sg
import shapely.wkb
from osgeo import gdal

gdal.UseExceptions()
HERE = Path(__file__).resolve().parent / "corpus"


def write(target: str, name: str, data: bytes) -> None:
    folder = HERE / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def decimal() -> None:
    for i, text in enumerate(["105.85", " -12.5 ", "1e3", "+0.5", ".5", "5.", "0x1A", "inf", "nan", "1,5", "",
                              "1e400", "-1e-400", "12abc", "\t7\t", "2450123.0000001", "-0", "1E+05"]):
        write("decimal", f"seed{i:02d}", text.encode())


def wkb() -> None:
    square = sg.box(0, 0, 10, 10)
    holed = sg.Polygon(square.exterior.coords, [sg.box(2, 2, 4, 4).exterior.coords])
    seeds = {
        "square": square.wkb,
        "holed": holed.wkb,
        "multi": sg.MultiPolygon([square, sg.box(20, 0, 30, 10)]).wkb,
        "bowtie": sg.Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)]).wkb,
        "hole_outside": sg.Polygon(square.exterior.coords, [sg.box(20, 20, 30, 30).exterior.coords]).wkb,
        "empty": sg.Polygon().wkb,
        "point": sg.Point(1, 2).wkb,
        "z": sg.Polygon([(x, y, 1.0) for x, y in square.exterior.coords]).wkb,
        "big_endian": shapely.wkb.dumps(square, big_endian=True),
        "collection": sg.GeometryCollection([square]).wkb,
        "utm": sg.box(580000.5, 2450000.25, 580100.5, 2450100.25).wkb,
    }
    for name, data in seeds.items():
        write("wkb", name, data)


def make_valid() -> None:
    # Bytes the target decodes as scale, offset, then features/parts/rings of int8 (x, y) vertices.
    write("make_valid", "square", bytes([0, 0, 0, 0, 0, 4, 0, 0, 10, 0, 10, 10, 0, 10]))
    write("make_valid", "bowtie", bytes([0, 0, 0, 0, 0, 4, 0, 0, 10, 10, 10, 0, 0, 10]))
    write("make_valid", "spike", bytes([1, 1, 0, 0, 0, 5, 0, 0, 10, 0, 20, 0, 10, 0, 10, 10]))
    write("make_valid", "holes", bytes([0, 0, 0, 0, 2, 4, 0, 0, 20, 0, 20, 20, 0, 20, 4, 5, 5, 8, 5, 8, 8, 5, 8,
                                        4, 30, 30, 40, 30, 40, 40, 30, 40]))


def raster() -> None:
    import numpy as np

    def gtiff(name, array, gt=(500000.0, 10.0, 0.0, 2400030.0, 0.0, -10.0), nodata=None, dtype=gdal.GDT_Float64,
              driver="GTiff", options=()):
        path = f"/vsimem/{name}"
        ds = gdal.GetDriverByName(driver).Create(path, array.shape[1], array.shape[0], 1, dtype, list(options))
        if gt is not None:
            ds.SetGeoTransform(gt)
        if nodata is not None:
            ds.GetRasterBand(1).SetNoDataValue(nodata)
        ds.GetRasterBand(1).WriteArray(array)
        ds = None
        f = gdal.VSIFOpenL(path, "rb")
        gdal.VSIFSeekL(f, 0, 2)
        size = gdal.VSIFTellL(f)
        gdal.VSIFSeekL(f, 0, 0)
        data = gdal.VSIFReadL(1, size, f)
        gdal.VSIFCloseL(f)
        gdal.Unlink(path)
        write("raster_header", name, data)

    values = np.arange(6, dtype=float).reshape(2, 3)
    gtiff("float64.tif", values)
    gtiff("int16_nodata.tif", values.astype(np.int16), nodata=-32768, dtype=gdal.GDT_Int16)
    gtiff("rotated.tif", values, gt=(0.0, 1.0, 0.2, 10.0, 0.1, -1.0))
    gtiff("south_up.tif", values, gt=(0.0, 1.0, 0.0, 0.0, 0.0, 1.0))
    gtiff("deflate.tif", values.astype(np.float32), dtype=gdal.GDT_Float32, options=["COMPRESS=DEFLATE", "TILED=YES",
                                                                                       "BLOCKXSIZE=16", "BLOCKYSIZE=16"])
    write("raster_header", "grid.asc", b"ncols 3\nnrows 2\nxllcorner 500000\nyllcorner 2400000\ncellsize 10\n"
                                       b"NODATA_value -9999\n1 2 3\n4 -9999 6\n")
    write("raster_header", "points.xyz", b"0 10 1\n1 10 2\n2 10 3\n0 9 4\n1 9 5\n2 9 6\n")


if __name__ == "__main__":
    decimal()
    wkb()
    make_valid()
    raster()
    for folder in sorted(HERE.iterdir()):
        files = list(folder.iterdir())
        print(f"{folder.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files):,} bytes")
