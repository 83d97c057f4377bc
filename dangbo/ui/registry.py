"""The one list of pages: file, title, URL and section. app.py, the tests and the benchmark read it."""
from __future__ import annotations

from dataclasses import dataclass

from ..access.roles import ADMIN, DATA, REPORT, VIEW


@dataclass(frozen=True)
class PageSpec:
    file: str           # relative to the repository root
    title: str
    url: str            # URL path, without the leading slash
    section: str
    needs: str = VIEW   # the capability a role must have to see the page (dangbo.access.roles)
    charts: bool = True  # the page draws figures with their downloads (not the briefings list)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/tong_quan.py", "Tổng quan", "tong-quan", "Tổng hợp"),
    PageSpec("pages/dang_vien.py", "Đảng viên", "dang-vien", "Chuyên đề"),
    PageSpec("pages/ky_luat.py", "Kỷ luật và đơn thư", "ky-luat", "Chuyên đề"),
    PageSpec("pages/chi_tieu_2025_2030.py", "Chỉ tiêu nhiệm kỳ 2025 - 2030", "chi-tieu-2025-2030", "Chỉ tiêu"),
    PageSpec("pages/ket_qua_2020_2025.py", "Kết quả nhiệm kỳ 2020 - 2025", "ket-qua-2020-2025", "Chỉ tiêu"),
    PageSpec("pages/nhiem_vu_nghi_quyet.py", "Nhiệm vụ nghị quyết", "nhiem-vu-nghi-quyet", "Chỉ tiêu"),
    PageSpec("pages/bao_cao_tien_do.py", "Báo cáo tiến độ", "bao-cao-tien-do", "Chỉ tiêu", REPORT, charts=False),
    PageSpec("pages/bao_cao_nhanh.py", "Báo cáo nhanh", "bao-cao-nhanh", "Tổng hợp", charts=False),
    PageSpec("pages/viec_den_han.py", "Việc đến hạn", "viec-den-han", "Tổng hợp", charts=False),
    PageSpec("pages/nhap_du_lieu.py", "Nhập dữ liệu", "nhap-du-lieu", "Dữ liệu", DATA, charts=False),
    PageSpec("pages/lich_su_du_lieu.py", "Lịch sử dữ liệu", "lich-su-du-lieu", "Dữ liệu", DATA, charts=False),
    PageSpec("pages/su_kien.py", "Sự kiện trên biểu đồ", "su-kien", "Dữ liệu", DATA, charts=False),
    PageSpec("pages/quan_tri_tai_khoan.py", "Tài khoản", "tai-khoan", "Quản trị", ADMIN),
    PageSpec("pages/quan_tri_nhat_ky.py", "Nhật ký truy cập", "nhat-ky", "Quản trị", ADMIN),
)
DASHBOARD = tuple(p for p in PAGES if p.needs == VIEW)          # pages over the snapshot, with the filters
CHARTED = tuple(p for p in DASHBOARD if p.charts)
HOME = PAGES[0]         # served at "/" and, through an alias, at its own URL
