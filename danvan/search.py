"""Diacritics-insensitive search: Postgres unaccent behind an immutable wrapper, so it can be indexed."""

import re
import unicodedata

from django.db.models import CharField, Func, Lookup, Q, TextField


class ImmutableUnaccent(Func):
    """public.f_unaccent(text), created by the units migration; trigram indexes use it."""

    function = "public.f_unaccent"
    output_field = TextField()


class UnaccentContains(Lookup):
    """`field__ucontains=word`: f_unaccent(lower(field)) LIKE %f_unaccent(lower(word))%, trigram-indexable."""

    lookup_name = "ucontains"

    def process_rhs(self, compiler, connection):
        sql, params = super().process_rhs(compiler, connection)
        params = [p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for p in params]
        return sql, params

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        sql = f"public.f_unaccent(lower({lhs})) LIKE '%%' || public.f_unaccent(lower({rhs})) || '%%'"
        return sql, [*lhs_params, *rhs_params]


CharField.register_lookup(UnaccentContains)
TextField.register_lookup(UnaccentContains)


# C0 and C1 control characters except tab, line feed and carriage return (what a textarea sends).
# Postgres refuses NUL in text and Excel files cannot hold the others: forms refuse them (danvan.forms), searches drop them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalise_text(text: str) -> str:
    """NFC, trimmed, without control characters: how every text is stored and searched (a NUL in a URL is no 500)."""
    return CONTROL_CHARACTERS.sub("", unicodedata.normalize("NFC", text)).strip()


def search_q(fields: list[str], text: str) -> Q:
    """Rows whose fields contain every word of text, ignoring case and diacritics."""
    query = Q()
    for word in normalise_text(text).split():
        word_q = Q()
        for field in fields:
            word_q |= Q(**{f"{field}__ucontains": word})
        query &= word_q
    return query
