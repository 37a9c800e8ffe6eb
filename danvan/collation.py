"""Vietnamese sort order without ICU: one sort key, built the same way in Postgres and in Python.

The embedded Postgres wheel is built without ICU (`CREATE COLLATION ... (provider = icu, locale = 'vi')` fails
with "ICU is not supported in this build") and glibc's collations differ between machines, so the order is
built portably, after the dictionary rules (Vũ Xuân Lương, "Quy tắc sắp xếp đơn vị từ vựng trong từ điển
tiếng Việt", Vietlex):
- letters a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z, case ignored;
- word by word, left to right: a word's letters first, then its tone, ranked ngang, huyền, hỏi, ngã, sắc,
  nặng ("ba" < "bà" < "bả" < "bã" < "bá" < "bạ" < "ban" < "bàn", and "Đa Tốn" < "Đà Nẵng" < "Đặng Xá");
- punctuation ignored; numbers compare as numbers ("Phường 2" before "Phường 10").

How: the text is decomposed (NFD), so a letter is an ASCII letter followed by its marks. The marks that make
a letter of its own (breve, circumflex, horn, and the bar of đ) become characters above "z", so "an" < "ăn" <
"ân" < "b"; a word's tone mark becomes a character between the space and the digits and moves to the end of
its word, so letters are compared before tones and a word without a tone ends first. The key is ASCII bytes
(bytea in Postgres: the text cast, which only ASCII without backslashes passes unchanged), compared byte by
byte whatever the database's collation.

Migration units/0002 installs `vi_sort_key(text)` and `vi_person_sort_key(text)` (a frozen copy of
create_function_sql()); immutable scalar string functions only, so Postgres inlines them into the query
(a word-by-word loop cost 180 µs a row, a function call around these steps twice as much as the steps).
Tests prove the SQL and the Python keys are the same bytes.
"""

import re
import unicodedata

from django.db import models

SPACES = "\u00a0\t\n\r"
# Combining marks (NFD) and what they become: breve, circumflex, horn rank above "z" (in the alphabet's order
# ă < â, ô < ơ); the tones huyền, hỏi, ngã, sắc, nặng rank between the space and the digits.
MARKS = "\u0306\u0302\u031b\u0300\u0309\u0303\u0301\u0323"
MARK_CODES = '{|}!"#$%'
D_BAR = "~"  # đ is d followed by this, above every mark of a vowel
KEPT = f"[^ 0-9a-z\u0111\u0110{MARKS}]"
STEPS = [  # (pattern, replacement) after the marks became codes; Postgres writes \1 where Python writes \g<1>
    ("([!-%])([^ ]*)", r"\2\1"),  # a word's tone goes to its end
    ("([0-9]+)", "0" * 11 + r"\1"),  # numbers padded to 12 digits ...
    ("0*([0-9]{12})", r"\1"),  # ... and no more
]


def sort_key(text: str) -> bytes:
    """The Vietnamese sort key of a text; the same bytes as the database's vi_sort_key(text)."""
    text = unicodedata.normalize("NFD", text.translate(str.maketrans(SPACES, " " * len(SPACES)))).lower()
    text = re.sub(KEPT, "", text).replace("\u0111", "d" + D_BAR).replace("\u0110", "d" + D_BAR)
    text = text.translate(str.maketrans(MARKS, MARK_CODES))
    for pattern, replacement in STEPS:
        text = re.sub(pattern, re.sub(r"\\(\d)", r"\\g<\1>", replacement), text)
    return text.strip(" ").encode("ascii")


def person_sort_key(full_name: str) -> bytes:
    """People sort by given name (the last word), then by the whole name, as Vietnamese staff lists do."""
    name = full_name.translate(str.maketrans(SPACES, " " * len(SPACES))).strip(" ")
    return sort_key(re.sub("^.* ", "", name)) + b"\x00" + sort_key(name)


def sorted_vi(items, key=str):
    """Items in Vietnamese order of key(item)."""
    return sorted(items, key=lambda item: sort_key(key(item)))


class ViSortKey(models.Func):
    """vi_sort_key(expression): order_by(ViSortKey("name"), "pk") sorts names the Vietnamese way."""

    function = "vi_sort_key"
    output_field = models.BinaryField()


class ViPersonSortKey(models.Func):
    """vi_person_sort_key(expression): people by given name, then by full name."""

    function = "vi_person_sort_key"
    output_field = models.BinaryField()


def vi_order(field: str, *, person: bool = False):
    """A django-tables2 `order_<column>` method: the column sorts the Vietnamese way (people by given name)."""
    key = ViPersonSortKey if person else ViSortKey

    def order(table, queryset, is_descending):
        expression = key(field).desc() if is_descending else key(field).asc()
        return queryset.order_by(expression, "-pk" if is_descending else "pk"), True

    return order


def _literal(text: str) -> str:
    """A Postgres E'' literal: backslashes and quotes escaped, characters outside printable ASCII as \\uXXXX."""
    text = text.replace("\\", "\\\\").replace("'", "\\'")
    return "E'" + "".join(c if 32 <= ord(c) < 127 else f"\\u{ord(c):04x}" for c in text) + "'"


def create_function_sql() -> str:
    """The SQL twin of sort_key and person_sort_key."""
    spaces = f"translate(value, {_literal(SPACES)}, {_literal(' ' * len(SPACES))})"
    text = f"lower(normalize({spaces}, NFD))"
    text = f"regexp_replace({text}, {_literal(KEPT)}, '', 'g')"
    text = f"replace(replace({text}, {_literal(chr(0x111))}, 'd{D_BAR}'), {_literal(chr(0x110))}, 'd{D_BAR}')"
    text = f"translate({text}, {_literal(MARKS)}, {_literal(MARK_CODES)})"
    for pattern, replacement in STEPS:
        text = f"regexp_replace({text}, {_literal(pattern)}, {_literal(replacement)}, 'g')"
    name = f"btrim({spaces}, ' ')"
    return f"""
CREATE OR REPLACE FUNCTION vi_sort_key(value text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN btrim({text}, ' ')::bytea;

CREATE OR REPLACE FUNCTION vi_person_sort_key(value text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN vi_sort_key(regexp_replace({name}, '^.* ', '')) || '\\x00'::bytea || vi_sort_key({name});
"""


DROP_FUNCTION_SQL = "DROP FUNCTION IF EXISTS vi_person_sort_key(text); DROP FUNCTION IF EXISTS vi_sort_key(text);"
