"""The demo province and the legacy districts named in the seed articles, with their offices and units."""

from dataclasses import dataclass

PROVINCE_CODES = ["01", "48", "80", "31"]  # Hà Nội; Đà Nẵng; Tây Ninh (with former Long An); Hải Phòng (with former Hải Dương)
DEMO_PASSWORD = "DanVanKheo@2025"  # noqa: S105 -- the published demo password, never used in production


@dataclass(frozen=True)
class OfficeSpec:
    key: str
    area_code: str
    name: str
    superior_name: str
    place_name: str


PROVINCE_OFFICES = [
    OfficeSpec("hanoi", "P01", "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội", "THÀNH ỦY HÀ NỘI", "Hà Nội"),
    OfficeSpec("danang", "P48", "Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng", "THÀNH ỦY ĐÀ NẴNG", "Đà Nẵng"),
    OfficeSpec("tayninh", "P80", "Ban Tuyên giáo và Dân vận Tỉnh ủy Tây Ninh", "TỈNH ỦY TÂY NINH", "Tây Ninh"),
    OfficeSpec("haiphong", "P31", "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng", "THÀNH ỦY HẢI PHÒNG", "Hải Phòng"),
    # Provinces merged on 1 July 2025 keep their former office for the years before (the seeds are from then).
    OfficeSpec("longan", "LP80", "Ban Dân vận Tỉnh ủy Long An", "TỈNH ỦY LONG AN", "Long An"),
    OfficeSpec("haiduong", "LP30", "Ban Dân vận Tỉnh ủy Hải Dương", "TỈNH ỦY HẢI DƯƠNG", "Hải Dương"),
]
DISTRICT_OFFICES = [
    OfficeSpec("thanhxuan", "LD009", "Ban Dân vận Quận ủy Thanh Xuân", "QUẬN ỦY THANH XUÂN", "Thanh Xuân"),
    OfficeSpec("longbien", "LD004", "Ban Dân vận Quận ủy Long Biên", "QUẬN ỦY LONG BIÊN", "Long Biên"),
    OfficeSpec("gialam", "LD018", "Ban Dân vận Huyện ủy Gia Lâm", "HUYỆN ỦY GIA LÂM", "Gia Lâm"),
    OfficeSpec("hadong", "LD268", "Ban Dân vận Quận ủy Hà Đông", "QUẬN ỦY HÀ ĐÔNG", "Hà Đông"),
    OfficeSpec("caugiay", "LD005", "Ban Dân vận Quận ủy Cầu Giấy", "QUẬN ỦY CẦU GIẤY", "Cầu Giấy"),
    OfficeSpec("nguhanhson", "LD494", "Ban Dân vận Quận ủy Ngũ Hành Sơn", "QUẬN ỦY NGŨ HÀNH SƠN", "Ngũ Hành Sơn"),
    OfficeSpec("kientuong", "LD795", "Ban Dân vận Thị ủy Kiến Tường", "THỊ ỦY KIẾN TƯỜNG", "Kiến Tường"),
    OfficeSpec("kinhmon", "LD292", "Ban Dân vận Thị ủy Kinh Môn", "THỊ ỦY KINH MÔN", "Kinh Môn"),
]

# Since 1 July 2025 communes report straight to the province (districts are abolished).
COMMUNE_OFFICES = [
    OfficeSpec("phthanhxuan", "C00367", "Ban Xây dựng Đảng Đảng ủy phường Thanh Xuân", "ĐẢNG ỦY PHƯỜNG THANH XUÂN", "Thanh Xuân"),
    OfficeSpec("xgialam", "C00565", "Ban Xây dựng Đảng Đảng ủy xã Gia Lâm", "ĐẢNG ỦY XÃ GIA LÂM", "Gia Lâm"),
    OfficeSpec("phkientuong", "C27787", "Ban Xây dựng Đảng Đảng ủy phường Kiến Tường", "ĐẢNG ỦY PHƯỜNG KIẾN TƯỜNG", "Kiến Tường"),
]
REPORTING_OFFICES = DISTRICT_OFFICES + COMMUNE_OFFICES

# What the offices' documents print: the name under the superior body, the number's abbreviation, who signs
# and how (Hướng dẫn 36-HD/VPTW), and the recipients beyond the office's own archive. Signers are invented,
# except Kiến Tường's head of office, named in the seed article.
HEADINGS = {
    "Ban Tuyên giáo và Dân vận": ("BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDV"),
    "Ban Dân vận": ("BAN DÂN VẬN", "BDV"),
    "Ban Xây dựng Đảng": ("BAN XÂY DỰNG ĐẢNG", "BXDĐ"),
}
BODY_ABBREVIATIONS = {"TỈNH ỦY": "TU", "THÀNH ỦY": "TU", "HUYỆN ỦY": "HU", "QUẬN ỦY": "QU", "THỊ ỦY": "ThU", "ĐẢNG ỦY": "ĐU"}
SIGNERS = {  # office key: (signing mode, signing for, signer's title, signer's name)
    "hanoi": ("deputy", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Thị Thanh Mai"),
    "danang": ("direct", "", "TRƯỞNG BAN", "Lê Văn Thành"),
    "tayninh": ("direct", "", "TRƯỞNG BAN", "Trần Thị Kim Loan"),
    "haiphong": ("deputy", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Phạm Văn Hùng"),
    "longan": ("direct", "", "TRƯỞNG BAN", "Nguyễn Thị Bích Thủy"),
    "haiduong": ("direct", "", "TRƯỞNG BAN", "Vũ Văn Dũng"),
    "thanhxuan": ("direct", "", "TRƯỞNG BAN", "Đỗ Thị Hạnh"),
    "longbien": ("direct", "", "TRƯỞNG BAN", "Nguyễn Văn Long"),
    "gialam": ("deputy", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Đặng Văn Hưng"),
    "hadong": ("direct", "", "TRƯỞNG BAN", "Trần Thị Thu Hương"),
    "caugiay": ("direct", "", "TRƯỞNG BAN", "Lê Minh Đức"),
    "nguhanhson": ("direct", "", "TRƯỞNG BAN", "Huỳnh Thị Mỹ Lệ"),
    "kientuong": ("direct", "", "TRƯỞNG BAN", "Võ Thị Thu Duyên"),
    "kinhmon": ("direct", "", "TRƯỞNG BAN", "Nguyễn Đức Thịnh"),
    "phthanhxuan": ("direct", "", "TRƯỞNG BAN", "Trịnh Thị Thu Trang"),
    "xgialam": ("direct", "", "TRƯỞNG BAN", "Nguyễn Văn Quyết"),
    "phkientuong": ("direct", "", "TRƯỞNG BAN", "Lê Thị Ngọc Hân"),
}


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    office_key: str | None
    full_name: str  # Vietnamese order: family, middle, given
    what: str


ACCOUNTS = [
    AccountSpec("quantri", "administrator", None, "Quản trị Hệ thống", "administrator (whole country, Django admin)"),
    AccountSpec("chuyenvien.hanoi", "province_staff", "hanoi", "Nguyễn Thu Hà", "province staff of Hà Nội"),
    AccountSpec("lanhdao.hanoi", "leader", "hanoi", "Trần Văn Minh", "leader of Hà Nội (read only)"),
    AccountSpec(
        "canbo.gialam", "officer", "gialam", "Phạm Thị Lan", "district officer of Gia Lâm, until 30/06/2025 (reads its history)"
    ),
    AccountSpec(
        "canbo.thanhxuan",
        "officer",
        "thanhxuan",
        "Lê Quốc Huy",
        "district officer of Thanh Xuân, until 30/06/2025 (reads its history)",
    ),
    AccountSpec(
        "canbo.kientuong", "officer", "kientuong", "Võ Thị Thu Duyên", "head of the Ban Dân vận of Kiến Tường, until 30/06/2025"
    ),
    AccountSpec(
        "chuyenvien.tayninh",
        "province_staff",
        "tayninh",
        "Huỳnh Minh Tâm",
        "province staff of Tây Ninh (with the former Long An and Tây Ninh)",
    ),
    AccountSpec("chuyenvien.longan", "province_staff", "longan", "Nguyễn Văn Hậu", "province staff of the former Long An"),
    AccountSpec("chuyenvien.danang", "province_staff", "danang", "Trần Thị Hoa", "province staff of Đà Nẵng"),
    AccountSpec("chuyenvien.haiduong", "province_staff", "haiduong", "Vũ Đức Thắng", "province staff of the former Hải Dương"),
    AccountSpec("canbo.longbien", "officer", "longbien", "Đỗ Thị Mai", "district officer of Long Biên"),
    AccountSpec("canbo.hadong", "officer", "hadong", "Bùi Văn Nam", "district officer of Hà Đông"),
    AccountSpec("canbo.caugiay", "officer", "caugiay", "Đặng Thu Trang", "district officer of Cầu Giấy"),
    AccountSpec("canbo.nguhanhson", "officer", "nguhanhson", "Phùng Văn Cưng", "district officer of Ngũ Hành Sơn"),
    AccountSpec("canbo.kinhmon", "officer", "kinhmon", "Ngô Thị Hằng", "district officer of Kinh Môn"),
    AccountSpec(
        "canbo.phuongthanhxuan",
        "officer",
        "phthanhxuan",
        "Trịnh Minh Anh",
        "officer of phường Thanh Xuân (since 01/07/2025; sees the former wards it took over)",
    ),
    AccountSpec("canbo.xagialam", "officer", "xgialam", "Lương Văn Toàn", "officer of xã Gia Lâm (since 2025)"),
    AccountSpec("canbo.phuongkientuong", "officer", "phkientuong", "Lê Ngọc Mận", "officer of phường Kiến Tường (since 2025)"),
]

# Units the seed articles name that are not in the pattern below: (office key, code suffix, kind, name).
SEED_UNITS = [
    ("kientuong", "UBND", "agency", "UBND thị xã Kiến Tường"),
    ("kientuong", "KHOIVAN", "front", "Khối vận thị xã Kiến Tường"),
    ("nguhanhson", "BPNN", "armed_forces", "Đồn Biên phòng Non Nước"),
    ("nguhanhson", "UBND", "agency", "UBND quận Ngũ Hành Sơn"),
    ("thanhxuan", "UBND", "agency", "UBND quận Thanh Xuân"),
]
# Units of the current communes (office key, code suffix, kind, name pattern with the commune's name).
COMMUNE_UNITS = [
    ("UBND", "commune", "UBND {place}"),
    ("MTTQ", "front", "Ủy ban MTTQ Việt Nam {place}"),
    ("CA", "armed_forces", "Công an {place}"),
    ("HLHPN", "front", "Hội Liên hiệp Phụ nữ {place}"),
]

# Units built at district level in every demo district: (code suffix, kind, name pattern).
DISTRICT_UNITS = [
    ("MTTQ", "front", "Ủy ban MTTQ Việt Nam {place}"),
    ("HLHPN", "front", "Hội Liên hiệp Phụ nữ {place}"),
    ("DTN", "front", "Đoàn Thanh niên Cộng sản Hồ Chí Minh {place}"),
    ("HCCB", "front", "Hội Cựu chiến binh {place}"),
    ("HND", "front", "Hội Nông dân {place}"),
    ("CA", "armed_forces", "Công an {place}"),
    ("BCHQS", "armed_forces", "Ban Chỉ huy Quân sự {place}"),
    ("PTNMT", "agency", "Phòng Tài nguyên và Môi trường {place}"),
    ("BHXH", "agency", "Bảo hiểm xã hội {place}"),
    ("VPHDND", "agency", "Văn phòng HĐND và UBND {place}"),
    ("CTMT", "enterprise", "Công ty TNHH MTV Môi trường đô thị {name}"),
    ("HTX", "enterprise", "Hợp tác xã Dịch vụ nông nghiệp {name}"),
]
