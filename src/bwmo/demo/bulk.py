"""A column-oriented bulk insert for the large demo tables (clients, meldingen, events …).

`Model.objects.bulk_create` spends most of its time per object: building the model instance and
preparing every field value through the field API. For a national-size data set (millions of
rows) that is minutes of pure Python. `Inserter` prepares each column once instead: the caller
passes plain tuples of values for the columns it names (attnames such as ``client_id``); every
other concrete field gets its default (``auto_now``/``auto_now_add``: one timestamp for the whole
run; else the field's default, "" for a blank text field, or NULL), and a field without any of
those must be named. Values of date, datetime, decimal and JSON columns go through
the backend's own adaptation, so the stored values are what the ORM would store.

SQLite: rows go out as multi-row ``INSERT … VALUES (…), (…) RETURNING id`` statements (SQLite
≥ 3.35); like `bulk_create`, this relies on the ids coming back in the order of the VALUES list.
PostgreSQL: rows are streamed with ``COPY … FROM STDIN``; when ids are wanted they are reserved
first from the table's own identity sequence (``nextval``), so they are known and never clash
with rows other sessions insert meanwhile. Nothing here calls `save()`, signals or model validation: the database constraints
still hold, and the generator builds rows that satisfy the models' rules (the tests check that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

POSTGRES_MAX_PARAMS = 65_535


def max_params() -> int:
    """Parameters one statement may carry (SQLite: its compile-time limit, 32,766 since 3.32)."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return POSTGRES_MAX_PARAMS


class Inserter:
    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        meta = model._meta
        by_attname = {f.attname: f for f in meta.concrete_fields}
        unknown = [c for c in columns if c not in by_attname]
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {unknown}")
        now = timezone.now()
        self.table = meta.db_table
        self.columns = list(columns)
        self.extra: list[Any] = []
        extra_names = []
        for f in meta.concrete_fields:
            if f.primary_key or f.attname in columns:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value: Any = now
            elif f.has_default() or f.null or (f.empty_strings_allowed and f.blank):
                value = f.get_default()  # the default, "" for a blank text field, else None
            else:
                raise ValueError(f"{model.__name__}.{f.name} needs a value")
            self.extra.append(f.get_db_prep_save(value, connection))
            extra_names.append(f.column)
        self.converters: list[Callable[[Any], Any] | None] = [
            self._converter(by_attname[c]) for c in columns
        ]
        names = [by_attname[c].column for c in columns] + extra_names
        self.width = len(names)
        quote = connection.ops.quote_name
        # Identifiers come from the model's meta and are quoted; all values are parameters.
        self.prefix = (f"INSERT INTO {quote(self.table)} "  # noqa: S608
                       f"({', '.join(quote(n) for n in names)}) VALUES ")
        self.pk_column = quote(meta.pk.column)
        self.copy_sql = (f"COPY {quote(self.table)} ({quote(meta.pk.column)}, "
                         f"{', '.join(quote(n) for n in names)}) FROM STDIN")
        self.copy_sql_no_pk = (f"COPY {quote(self.table)} "
                               f"({', '.join(quote(n) for n in names)}) FROM STDIN")
        self.sequence_params = [quote(self.table), meta.pk.column]
        # SQLite: the driver's own cursor and "?" parameter marks, which skips Django's rewriting of
        # every "%s" in these long statements; PostgreSQL: Django's cursor as usual.
        self.raw = connection.vendor == "sqlite"
        mark = "?" if self.raw else "%s"
        self.row_sql = "(" + ", ".join([mark] * self.width) + ")"
        self.batch = max(1, min(max_params(), 30_000) // self.width)

    @staticmethod
    def _converter(field: models.Field) -> Callable[[Any], Any] | None:  # type: ignore[type-arg]
        """The backend adaptation of a column's values, bound once (no per-value field API)."""
        ops = connection.ops
        kind = field.get_internal_type()
        if kind == "DateField":
            return ops.adapt_datefield_value  # type: ignore[no-any-return]
        if kind == "DateTimeField":
            return ops.adapt_datetimefield_value  # type: ignore[no-any-return]
        if kind == "DecimalField":
            digits, places = field.max_digits, field.decimal_places  # type: ignore[attr-defined]
            return lambda value: ops.adapt_decimalfield_value(value, digits, places)
        if kind == "JSONField":
            encoder = field.encoder  # type: ignore[attr-defined]
            empty = ops.adapt_json_value({}, encoder)
            return lambda value: empty if value == {} else ops.adapt_json_value(value, encoder)
        return None

    def _params(self, rows: Sequence[Sequence[Any]]) -> list[Any]:
        params: list[Any] = []
        converters = list(enumerate(self.converters))
        convert = [(i, c) for i, c in converters if c is not None]
        extra = self.extra
        for row in rows:
            if convert:
                values = list(row)
                for i, c in convert:
                    if values[i] is not None:
                        values[i] = c(values[i])
                params.extend(values)
            else:
                params.extend(row)
            params.extend(extra)
        return params

    def _converted(self, rows: Sequence[Sequence[Any]]) -> Iterator[list[Any]]:
        convert = [(i, c) for i, c in enumerate(self.converters) if c is not None]
        extra = self.extra
        for row in rows:
            values = list(row)
            for i, c in convert:
                if values[i] is not None:
                    values[i] = c(values[i])
            values.extend(extra)
            yield values

    def _copy(self, rows: Sequence[Sequence[Any]], returning: bool) -> list[int]:
        ids: list[int] = []
        with connection.cursor() as cursor:
            if returning and rows:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [*self.sequence_params, len(rows)],
                )
                ids = [row[0] for row in cursor.fetchall()]
            with cursor.cursor.copy(self.copy_sql if returning else self.copy_sql_no_pk) as copy:
                if returning:
                    for pk, values in zip(ids, self._converted(rows), strict=True):
                        copy.write_row([pk, *values])
                else:
                    for values in self._converted(rows):
                        copy.write_row(values)
        return ids

    def insert(self, rows: Sequence[Sequence[Any]], *, returning: bool = False) -> list[int]:
        """Insert the rows; with `returning`, their new primary keys in the same order."""
        if connection.vendor == "postgresql":
            return self._copy(rows, returning)
        ids: list[int] = []
        connection.ensure_connection()
        cursor = connection.connection.cursor() if self.raw else connection.cursor()
        try:
            for begin in range(0, len(rows), self.batch):
                part = rows[begin:begin + self.batch]
                sql = self.prefix + ", ".join([self.row_sql] * len(part))
                if returning:
                    sql += f" RETURNING {self.pk_column}"
                cursor.execute(sql, self._params(part))
                if returning:
                    ids.extend(row[0] for row in cursor.fetchall())
        finally:
            cursor.close()
        if returning and len(ids) != len(rows):
            raise RuntimeError("the database returned fewer ids than rows were inserted")
        return ids
