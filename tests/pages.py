"""What a person sees of a page: its status, its heading and whether it shows given texts."""

import re
from html import unescape

NOT_FOUND = "Không tìm thấy trang"
NOT_ALLOWED = "Không được phép"


def seen(response, *texts: str) -> tuple[int, str, list[str]]:
    """The status, the page's heading and which of `texts` the page shows (a refused page shows none of them)."""
    html = "" if getattr(response, "streaming", False) else response.content.decode()
    heading = re.search(r'<h1 class="page-title">(.*?)</h1>', html, re.S)
    return response.status_code, unescape(heading.group(1).strip()) if heading else "", [text for text in texts if text in html]
