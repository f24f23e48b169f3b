"""Every word the report prints, in English and Vietnamese (``--lang vi``).

Map legends and titles come from :mod:`watchmap._map_furniture` (the same words as the map
functions); this table holds the report's own headings, table headers and sentences. Vietnamese
uses the administrative terms of the Ministry of Public Security's documents: "Tổ an ninh nhân
dân" (people's security team), "thôn/bản" (hamlet), "xã" (commune), "huyện" (district),
"Điểm nóng" (hotspot), "tin báo" (tip).
"""
from __future__ import annotations

from .._lang import word_table

TEXT = {
    "en": {
        "report_title": "District security report",
        "report_subtitle": "{district}: coverage of people's security teams, incidents, density and hotspots",
        "made_on": "Made on {date} with watchmap {version}",
        "synthetic_banner": "Synthetic demo district modelled on Bạch Thông – not real data",
        "page_of": "page",
        "contents": "Contents",
        "interactive_link": "Interactive map (opens offline in any browser): {link}",
        "skipped_no_dem": "{what}: not computed – no elevation model (DEM) was given",
        # sections
        "sec_summary": "Summary",
        "sec_incidents": "Incidents and tips",
        "sec_density": "Where incidents concentrate: density",
        "sec_coverage": "Coverage by security teams",
        "sec_hotspots": "Hotspots",
        "sec_placement": "Where to add new teams",
        "sec_hamlets": "All hamlets",
        "sec_method": "How this report was computed",
        # summary
        "district": "District",
        "communes": "Communes (xã)",
        "hamlets": "Hamlets (thôn/bản)",
        "teams": "People's security teams",
        "residents": "Residents",
        "area_km2": "Area",
        "incidents_in": "Incidents in {year}",
        "tips_in": "of which tips",
        "incidents_per_year_mean": "Incidents per year ({span}, mean)",
        "by_distance": "{r} straight-line",
        "by_time": "{m} min walk",
        "share_hamlets": "Hamlets with ≥ {pct} of residents covered",
        "share_residents": "Residents covered",
        "share_incidents": "Incidents ({year}) covered",
        "share_area": "Area covered",
        "coverage_shares": "Share covered by a team",
        "district_map_caption": "Hamlets, communes and the base of each people's security team.",
        "hot_cells_line": "Hotspots: {n} of {cells} cells are hot spots at 95\u00a0% confidence or more (FDR-corrected).",
        "placement_line": ("New teams: {k} new teams at the proposed sites would cover {gain} more residents "
                           "(residents covered {before} → {after}, {how})."),
        "year": "Year",
        "incidents": "Incidents",
        "tips": "Tips",
        "tips_share": "Share tips",
        "per_1000": "Per 1,000 residents",
        "commune": "Commune",
        "hamlet": "Hamlet",
        "hamlet_id": "Id",
        "population": "Residents",
        "n_hamlets": "Hamlets",
        "per_year_caption": "Incidents per year in the district; tips are incidents first reported by residents.",
        "per_commune_caption": "Incidents per commune and year; rate per 1,000 residents in {year}.",
        "top_hamlets_caption": "The ten hamlets with the most incidents in {year}.",
        "trend_caption": "Incidents per month by category; the line counts the tips among them.",
        "outside_note": "{n} incidents lie outside every hamlet and are counted for the district only.",
        "no_source": "The incident file has no 'source' column, so tips cannot be told apart from other reports.",
        "rate_year": "Per 1,000 ({year})",
        # density
        "density_caption": ("Incidents in {year} per km², quartic kernel, bandwidth {bw} (ArcGIS rule), "
                            "{cell} m cells, masked to the district; each class twice the one below. "
                            "Peak {peak} per km²."),
        "coverage_distance_caption": "Share of each hamlet's residents within {r} of a team base (straight line).",
        "coverage_time_caption": "Share of each hamlet's residents within {m} minutes' walk of a team base over the terrain.",
        "travel_caption": "Walking time from the nearest team base (Tobler's hiking function on the DEM).",
        "below_caption": ("Hamlets where less than {pct} of residents are covered ({how}); the distance or time to the "
                          "nearest team is measured from the hamlet's most populous place."),
        "coverage_gaps_note": ("Outlined in red: the areas no team reaches ({how}) where residents live or incidents "
                               "happened (without household points residents are spread evenly over each hamlet)."),
        "coverage_uncovered_note": ("Red dots: the {n} households ({residents} residents) no team reaches ({how}). The "
                                    "uncovered areas themselves are the gap layers in watchmap.gpkg and on the "
                                    "interactive map."),
        "none_below": "Every hamlet has at least {pct} of its residents covered ({how}).",
        "minutes_to_team": "Minutes to team",
        "metres_to_team": "Metres to team",
        "nearest_team": "Nearest team",
        "residents_covered": "Residents covered",
        "residents_covered_how": "Residents covered ({how})",
        "hotspot_caption": "Getis-Ord Gi* hot and cold spots of incidents in {year} on {cells}. {fdr}",
        "hotspot_counts": ("Of the {n} cells, {hot95} are hot spots at 95\u00a0% confidence or more ({hot99} of them at 99\u00a0%) "
                           "and {hot90} more at 90\u00a0%; {cold} are cold spots."),
        "top_hotspots_caption": "Hot spot cells at 95\u00a0% confidence or more, strongest first.",
        "no_hotspots": "No cell is a significant hot spot at 95\u00a0% confidence.",
        "cell": "Cell",
        "count": "Incidents",
        "z": "Gi* z",
        "p": "p (FDR-adjusted)",
        "confidence": "Confidence",
        "near_hamlet": "Hamlet at centre",
        "hex_cells": "{size} hexagonal cells",
        "placement_caption": ("The {k} best sites for new teams, in order of choice, and the residents each adds. Grey: "
                              "covered by the existing teams ({how}); orange, dotted: the area the new teams add."),
        "rank": "Order",
        "site": "Site (hamlet)",
        "gain": "Residents newly covered",
        "cumulative": "Share covered after",
        "placement_bound": ("Together they cover {covered} ({share}) of residents. No choice of {k} sites can "
                            "cover more than {bound}: this answer is within {gap} of the best possible "
                            "(solver status: {status})."),
        "statuses": {"optimal": "optimal", "feasible": "feasible", "time_limit": "stopped at the time limit"},
        "placement_optimal": ("Together they cover {covered} ({share}) of residents. No choice of {k} sites can cover "
                              "more: this answer is proven optimal."),
        "placement_before": ("Without new teams, the existing teams cover {before} of the {total} residents ({share}, "
                             "{how}, as in the coverage section)."),
        "placement_before_spread": ("Without new teams, the existing teams cover {before} of the {total} residents ({share}, "
                                    "{how}; counted on points every 200 m that share each hamlet's population, so "
                                    "it can differ slightly from the coverage section's share by area)."),
        "hamlets_caption": "Every hamlet with its residents, incidents per year, tips and rate{more}.",
        "item": "Item",
        "value": "Value",
        "m_data": "Data",
        "m_demo": "Synthetic demo district (watchmap.datasets.demo_district, seed {seed}); its input files are in data/",
        "m_crs": "Coordinate system of the analysis",
        "m_period": "Incidents",
        "m_period_v": "{n} incidents from {first} to {last}; report year {year}",
        "m_count": "Counting",
        "m_count_v": ("Each incident is given to the hamlet that contains it (point in polygon; a point "
                      "on a shared boundary goes to exactly one hamlet). Rates are per 1,000 residents."),
        "m_density": "Density",
        "m_density_v": ("Kernel density, quartic kernel, bandwidth {bw} m by the ArcGIS rule "
                        "(0.9 · min(SD, √(1/ln 2) · Dm) · n^−0.2), {cell} m cells evaluated at their centres, "
                        "incidents per km², method {method}"),
        "m_coverage": "Coverage",
        "m_crs_v": "{name}{code}, metres",
        "m_software_v": "watchmap {version}, Python {python}, numpy {numpy}, pandas {pandas}; PDF printed by headless Chromium",
        "m_hotspots_v": ("Getis-Ord Gi* (ArcGIS/spdep definition) on {cells} (size: the mean distance from each incident "
                         "location to the nearest other one), {n} cells over the district, {incidents} incidents "
                         "of {year}; distance band {band} ({how}), binary weights, each cell in its own "
                         "neighbourhood; p from the normal distribution; Benjamini–Hochberg FDR cut-offs "
                         "p < {c99} (99\u00a0%), p < {c95} (95\u00a0%), p < {c90} (90\u00a0%)"),
        "m_placement_v": ("Maximal covering: {k} new teams, {how}, existing teams fixed; demand: {demand} "
                          "({points} points, {total} residents); {candidates} candidate sites (hamlet centres "
                          "and a 1 km grid); {method}; upper bound from the {bound}: status {status}, "
                          "proven gap {gap}"),
        "steps": {"load": "load", "incidents": "incidents", "density": "density", "coverage": "coverage",
                  "hotspots": "hotspots", "placement": "placement", "summary": "summary", "hamlets": "hamlets",
                  "map.html": "map.html", "files": "files", "report.html": "report.html",
                  "report.pdf": "report.pdf"},
        "density_methods": {"exact": "exact (every incident at every cell)", "binned": "binned"},
        "bound_sources": {"all": "total of all coverable residents", "lagrangian": "Lagrangian relaxation",
                          "lp": "LP relaxation (CBC)", "cbc": "CBC branch and bound"},
        "methods": {"greedy": "lazy greedy with 1-swap improvement", "exact": "exact integer program (CBC)"},
        "band_given": "given",
        "band_knn": "no autocorrelation peak: the mean distance to the {k}th nearest cell",
        "band_isa": "the first peak of Incremental Spatial Autocorrelation, z = {z}",
        "m_threshold": "Incidents of {year}. A hamlet is below the threshold with less than {pct} of its residents covered.",
        "m_people_spread": "Residents: spread evenly over each hamlet (no household points).",
        "m_people_households": "Residents: {n} households with their residents.",
        "m_no_roads": "no roads given (every move off-path)",
        "m_roads": "{n} roads and trails walked at path speed",
        "m_coverage_time": ("Walking time: Tobler's hiking function on the {cell} m DEM, {nb} neighbours, off-path speed "
                            "× {factor}, {roads}, from the team to the place (the response); covered within "
                            "{m} minutes."),
        "m_coverage_distance": "Distance: a place is covered when a team base is within {r} in a straight line (inclusive).",
        "demand_households": "households weighted by residents",
        "demand_spread": "residents spread evenly over each hamlet",
        "m_hotspots": "Hotspots",
        "m_placement": "Placement",
        "m_software": "Software",
        "m_timing": "Time per step",
        "m_files": "Files in this folder",
        "f_pdf": "this report, for printing (A4)",
        "f_html": "this report (one file, opens offline)",
        "f_map": "interactive map (one file, opens offline)",
        "f_gpkg": "every result layer for QGIS/ArcGIS: {layers}",
        "f_density": "incident density raster (per km²)",
        "f_travel": "walking time raster (minutes)",
        "f_tables": "the tables as CSV (UTF-8, opens in Excel)",
        "f_data": "the district's input files (demo only)",
        "f_summary": "all headline numbers (JSON)",
        "seconds": "{s} s",
    },
    "vi": {
        "report_title": "Báo cáo an ninh trật tự cấp huyện",
        "report_subtitle": "{district}: phạm vi bảo vệ của tổ an ninh nhân dân, vụ việc, mật độ và điểm nóng",
        "made_on": "Lập ngày {date} bằng watchmap {version}",
        "synthetic_banner": ("Huyện mẫu mô phỏng theo Bạch Thông – không phải dữ liệu thật "
                             "(Synthetic demo district modelled on Bạch Thông)"),
        "page_of": "trang",
        "contents": "Mục lục",
        "interactive_link": "Bản đồ tương tác (mở được không cần internet): {link}",
        "skipped_no_dem": "{what}: không tính được – không có mô hình độ cao (DEM)",
        "sec_summary": "Tóm tắt",
        "sec_incidents": "Vụ việc và tin báo",
        "sec_density": "Nơi vụ việc tập trung: mật độ",
        "sec_coverage": "Phạm vi bao phủ của tổ an ninh nhân dân",
        "sec_hotspots": "Điểm nóng",
        "sec_placement": "Vị trí đề xuất thành lập tổ mới",
        "sec_hamlets": "Danh sách thôn/bản",
        "sec_method": "Phương pháp tính",
        "district": "Huyện",
        "communes": "Xã",
        "hamlets": "Thôn/bản",
        "teams": "Tổ an ninh nhân dân",
        "residents": "Dân số",
        "area_km2": "Diện tích",
        "incidents_in": "Vụ việc năm {year}",
        "tips_in": "trong đó tin báo",
        "incidents_per_year_mean": "Vụ việc mỗi năm ({span}, trung bình)",
        "by_distance": "{r} đường chim bay",
        "by_time": "{m} phút đi bộ",
        "share_hamlets": "Thôn/bản có ≥ {pct} dân được bao phủ",
        "share_residents": "Dân được bao phủ",
        "share_incidents": "Vụ việc ({year}) được bao phủ",
        "share_area": "Diện tích được bao phủ",
        "coverage_shares": "Tỷ lệ được tổ an ninh bao phủ",
        "district_map_caption": "Thôn/bản, xã và vị trí của từng tổ an ninh nhân dân.",
        "hot_cells_line": "Điểm nóng: {n} trong {cells} ô là điểm nóng với độ tin cậy từ 95\u00a0% trở lên (đã hiệu chỉnh FDR).",
        "placement_line": ("Tổ mới: {k} tổ mới ở các vị trí đề xuất sẽ bao phủ thêm {gain} dân "
                           "(tỷ lệ dân được bao phủ {before} → {after}, {how})."),
        "year": "Năm",
        "incidents": "Vụ việc",
        "tips": "Tin báo",
        "tips_share": "Tỷ lệ tin báo",
        "per_1000": "Trên 1.000 dân",
        "commune": "Xã",
        "hamlet": "Thôn/bản",
        "hamlet_id": "Mã",
        "population": "Dân số",
        "n_hamlets": "Số thôn/bản",
        "per_year_caption": "Số vụ việc mỗi năm trên địa bàn huyện; tin báo là vụ việc do người dân báo trước.",
        "per_commune_caption": "Số vụ việc theo xã và năm; tỷ lệ trên 1.000 dân năm {year}.",
        "top_hamlets_caption": "Mười thôn/bản có nhiều vụ việc nhất năm {year}.",
        "trend_caption": "Số vụ việc theo tháng và loại; đường kẻ là số tin báo.",
        "outside_note": "{n} vụ việc nằm ngoài mọi thôn/bản, chỉ được tính cho cấp huyện.",
        "no_source": "Tệp vụ việc không có cột 'source' nên không tách được tin báo.",
        "rate_year": "Trên 1.000 dân ({year})",
        "density_caption": ("Số vụ việc năm {year} trên km², hàm nhân bậc bốn, bán kính {bw} (quy tắc ArcGIS), "
                            "ô {cell} m, trong ranh giới huyện; mỗi lớp gấp đôi lớp dưới. Cao nhất {peak} vụ/km²."),
        "coverage_distance_caption": "Tỷ lệ dân mỗi thôn/bản ở trong bán kính {r} từ trụ sở tổ (đường chim bay).",
        "coverage_time_caption": "Tỷ lệ dân mỗi thôn/bản đi bộ tới trụ sở tổ trong {m} phút theo địa hình.",
        "travel_caption": "Thời gian đi bộ từ tổ an ninh gần nhất (hàm đi bộ Tobler trên DEM).",
        "below_caption": ("Thôn/bản có dưới {pct} dân được bao phủ ({how}); khoảng cách hoặc thời gian tới tổ gần nhất "
                          "tính từ nơi đông dân nhất của thôn/bản."),
        "coverage_gaps_note": ("Viền đỏ: những vùng không tổ nào tới được ({how}) có dân sinh sống hoặc có vụ việc (khi "
                               "không có điểm hộ gia đình, dân được coi là phân bố đều trong mỗi thôn/bản)."),
        "coverage_uncovered_note": ("Chấm đỏ: {n} hộ ({residents} dân) không tổ nào tới được ({how}). Bản thân các vùng "
                                    "chưa được bao phủ là các lớp gaps trong watchmap.gpkg và trên bản đồ tương tác."),
        "none_below": "Mọi thôn/bản đều có ít nhất {pct} dân được bao phủ ({how}).",
        "minutes_to_team": "Số phút tới tổ",
        "metres_to_team": "Số mét tới tổ",
        "nearest_team": "Tổ gần nhất",
        "residents_covered": "Dân được bao phủ",
        "residents_covered_how": "Dân được bao phủ ({how})",
        "hotspot_caption": "Điểm nóng và điểm lạnh Getis-Ord Gi* của vụ việc năm {year} trên {cells}. {fdr}",
        "hotspot_counts": ("Trong {n} ô, {hot95} ô là điểm nóng với độ tin cậy từ 95\u00a0% trở lên ({hot99} ô ở mức 99\u00a0%) "
                           "và thêm {hot90} ô ở mức 90\u00a0%; {cold} ô là điểm lạnh."),
        "top_hotspots_caption": "Các ô là điểm nóng với độ tin cậy từ 95\u00a0% trở lên, mạnh nhất trước.",
        "no_hotspots": "Không có ô nào là điểm nóng với độ tin cậy 95\u00a0%.",
        "cell": "Ô",
        "count": "Vụ việc",
        "z": "Gi* z",
        "p": "p (đã hiệu chỉnh FDR)",
        "confidence": "Độ tin cậy",
        "near_hamlet": "Thôn/bản ở tâm ô",
        "hex_cells": "ô lục giác {size}",
        "placement_caption": ("{k} vị trí tốt nhất cho tổ mới, theo thứ tự chọn, và số dân mỗi vị trí bao phủ thêm. Màu xám: "
                              "đã được các tổ hiện có bao phủ ({how}); màu cam chấm: vùng các tổ mới bao phủ thêm."),
        "rank": "Thứ tự",
        "site": "Vị trí (thôn/bản)",
        "gain": "Số dân được bao phủ thêm",
        "cumulative": "Tỷ lệ bao phủ sau đó",
        "placement_bound": ("Các vị trí này bao phủ {covered} dân ({share}). Không cách chọn {k} vị trí nào "
                            "bao phủ được hơn {bound}: kết quả cách tối ưu không quá {gap} "
                            "(trạng thái bộ giải: {status})."),
        "statuses": {"optimal": "tối ưu", "feasible": "khả thi", "time_limit": "dừng do hết thời gian"},
        "placement_optimal": ("Các vị trí này bao phủ {covered} dân ({share}). Không cách chọn {k} vị trí nào bao phủ "
                              "được nhiều hơn: kết quả đã được chứng minh là tối ưu."),
        "placement_before": ("Khi chưa có tổ mới, các tổ hiện có bao phủ {before} trong {total} dân ({share}, "
                             "{how}, như phần phạm vi bao phủ)."),
        "placement_before_spread": ("Khi chưa có tổ mới, các tổ hiện có bao phủ {before} trong {total} dân ({share}, "
                                    "{how}; tính trên các điểm cách nhau 200 m chia đều dân số mỗi thôn/bản nên có "
                                    "thể hơi khác tỷ lệ theo diện tích ở phần phạm vi bao phủ)."),
        "hamlets_caption": "Mọi thôn/bản với dân số, số vụ việc mỗi năm, tin báo và tỷ lệ{more}.",
        "item": "Mục",
        "value": "Giá trị",
        "m_data": "Dữ liệu",
        "m_demo": "Huyện mẫu mô phỏng (watchmap.datasets.demo_district, seed {seed}); các tệp đầu vào ở thư mục data/",
        "m_crs": "Hệ tọa độ phân tích",
        "m_period": "Vụ việc",
        "m_period_v": "{n} vụ việc từ {first} đến {last}; năm báo cáo {year}",
        "m_count": "Cách đếm",
        "m_count_v": ("Mỗi vụ việc được tính cho thôn/bản chứa nó (điểm trong đa giác; điểm nằm trên ranh giới "
                      "chung chỉ được tính cho một thôn/bản). Tỷ lệ tính trên 1.000 dân."),
        "m_density": "Mật độ",
        "m_density_v": ("Mật độ nhân, hàm bậc bốn, bán kính {bw} m theo quy tắc ArcGIS "
                        "(0,9 · min(SD, √(1/ln 2) · Dm) · n^−0,2), ô {cell} m tính tại tâm ô, "
                        "số vụ việc trên km², phương pháp {method}"),
        "m_coverage": "Phạm vi bao phủ",
        "m_crs_v": "{name}{code}, mét",
        "m_software_v": "watchmap {version}, Python {python}, numpy {numpy}, pandas {pandas}; PDF in bằng Chromium (không giao diện)",
        "m_hotspots_v": ("Getis-Ord Gi* (định nghĩa ArcGIS/spdep) trên {cells} (kích thước: khoảng cách trung bình từ mỗi "
                         "vị trí vụ việc tới vị trí gần nhất), {n} ô phủ toàn huyện, {incidents} vụ việc năm {year}; "
                         "dải khoảng cách {band} ({how}), trọng số nhị phân, mỗi ô tính cả chính nó; p theo phân "
                         "phối chuẩn; ngưỡng FDR Benjamini–Hochberg p < {c99} (99\u00a0%), p < {c95} (95\u00a0%), "
                         "p < {c90} (90\u00a0%)"),
        "m_placement_v": ("Bài toán bao phủ tối đa: {k} tổ mới, {how}, giữ nguyên các tổ hiện có; nhu cầu: {demand} "
                          "({points} điểm, {total} dân); {candidates} vị trí ứng viên (tâm thôn/bản và lưới 1 km); "
                          "{method}; cận trên từ {bound}: trạng thái {status}, khoảng cách tối ưu đã chứng minh {gap}"),
        "steps": {"load": "đọc dữ liệu", "incidents": "vụ việc", "density": "mật độ", "coverage": "bao phủ",
                  "hotspots": "điểm nóng", "placement": "chọn vị trí", "summary": "tóm tắt",
                  "hamlets": "thôn/bản", "map.html": "map.html", "files": "ghi tệp",
                  "report.html": "report.html", "report.pdf": "report.pdf"},
        "density_methods": {"exact": "chính xác (mọi vụ việc tại mọi ô)", "binned": "gộp lưới"},
        "bound_sources": {"all": "tổng số dân có thể bao phủ", "lagrangian": "nới lỏng Lagrange",
                          "lp": "nới lỏng tuyến tính LP (CBC)", "cbc": "nhánh và cận CBC"},
        "methods": {"greedy": "thuật toán tham lam (lazy greedy) có cải thiện hoán đổi từng vị trí",
                    "exact": "quy hoạch nguyên chính xác (CBC)"},
        "band_given": "cho trước",
        "band_knn": "không có đỉnh tự tương quan: khoảng cách trung bình tới ô gần thứ {k}",
        "band_isa": "đỉnh đầu tiên của tự tương quan không gian tăng dần (Incremental Spatial Autocorrelation), z = {z}",
        "m_threshold": "Vụ việc năm {year}. Thôn/bản dưới ngưỡng khi có dưới {pct} dân được bao phủ.",
        "m_people_spread": "Dân cư: chia đều trong mỗi thôn/bản (không có điểm hộ gia đình).",
        "m_people_households": "Dân cư: {n} hộ gia đình với số nhân khẩu của từng hộ.",
        "m_no_roads": "không có dữ liệu đường (mọi bước đi ngoài đường)",
        "m_roads": "{n} đường và lối mòn đi bộ với tốc độ đường mòn",
        "m_coverage_time": ("Thời gian đi bộ: hàm Tobler trên DEM ô {cell} m, {nb} ô lân cận, tốc độ ngoài đường × {factor}, "
                            "{roads}, từ tổ tới nơi đó (thời gian ứng cứu); được bao phủ trong {m} phút."),
        "m_coverage_distance": "Khoảng cách: một nơi được bao phủ khi có trụ sở tổ trong bán kính {r} theo đường chim bay (tính cả biên).",
        "demand_households": "hộ gia đình, trọng số theo số nhân khẩu",
        "demand_spread": "dân số chia đều trong mỗi thôn/bản",
        "m_hotspots": "Điểm nóng",
        "m_placement": "Chọn vị trí",
        "m_software": "Phần mềm",
        "m_timing": "Thời gian từng bước",
        "m_files": "Các tệp trong thư mục này",
        "f_pdf": "báo cáo này để in (A4)",
        "f_html": "báo cáo này (một tệp, mở không cần internet)",
        "f_map": "bản đồ tương tác (một tệp, mở không cần internet)",
        "f_gpkg": "mọi lớp kết quả cho QGIS/ArcGIS: {layers}",
        "f_density": "lớp raster mật độ vụ việc (trên km²)",
        "f_travel": "lớp raster thời gian đi bộ (phút)",
        "f_tables": "các bảng dạng CSV (UTF-8, mở bằng Excel)",
        "f_data": "các tệp đầu vào của huyện (chỉ với dữ liệu mẫu)",
        "f_summary": "mọi số liệu chính (JSON)",
        "seconds": "{s} giây",
    },
}

assert TEXT["en"].keys() == TEXT["vi"].keys(), "every English word needs its Vietnamese"


def words(lang: str) -> dict:
    """The report's word table for ``lang`` ("en" or "vi")."""
    return word_table(TEXT, lang)
