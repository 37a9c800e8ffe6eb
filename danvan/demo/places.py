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


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    office_key: str | None
    first_name: str
    last_name: str
    what: str


ACCOUNTS = [
    AccountSpec("quantri", "administrator", None, "Quản trị", "Hệ thống", "administrator (whole country, Django admin)"),
    AccountSpec("chuyenvien.hanoi", "province_staff", "hanoi", "Thu Hà", "Nguyễn", "province staff of Hà Nội"),
    AccountSpec("lanhdao.hanoi", "leader", "hanoi", "Văn Minh", "Trần", "leader of Hà Nội (read only)"),
    AccountSpec("canbo.gialam", "officer", "gialam", "Thị Lan", "Phạm", "district officer of Gia Lâm"),
    AccountSpec("canbo.thanhxuan", "officer", "thanhxuan", "Quốc Huy", "Lê", "district officer of Thanh Xuân"),
    AccountSpec("canbo.kientuong", "officer", "kientuong", "Thu Duyên", "Võ", "district officer of Kiến Tường"),
    AccountSpec("chuyenvien.tayninh", "province_staff", "tayninh", "Minh Tâm", "Huỳnh", "province staff of Tây Ninh"),
]

# Units built at district level in every demo district: (code suffix, kind, name pattern).
DISTRICT_UNITS = [
    ("MTTQ", "front", "Ủy ban MTTQ Việt Nam {type} {name}"),
    ("HLHPN", "front", "Hội Liên hiệp Phụ nữ {type} {name}"),
    ("DTN", "front", "Đoàn Thanh niên Cộng sản Hồ Chí Minh {type} {name}"),
    ("HCCB", "front", "Hội Cựu chiến binh {type} {name}"),
    ("HND", "front", "Hội Nông dân {type} {name}"),
    ("CA", "armed_forces", "Công an {type} {name}"),
    ("BCHQS", "armed_forces", "Ban Chỉ huy Quân sự {type} {name}"),
    ("PTNMT", "agency", "Phòng Tài nguyên và Môi trường {type} {name}"),
    ("BHXH", "agency", "Bảo hiểm xã hội {type} {name}"),
    ("VPHDND", "agency", "Văn phòng HĐND và UBND {type} {name}"),
    ("CTMT", "enterprise", "Công ty TNHH MTV Môi trường đô thị {name}"),
    ("HTX", "enterprise", "Hợp tác xã Dịch vụ nông nghiệp {name}"),
]
