"""Reading, writing and schema-validating iWmo 3.2 XML.

Incoming files are parsed without DTDs, entities or network access and validated with xmlschema
against the official schema of their kind (the derived retour schemas for 302/320); a failure gives
a Dutch error naming the element and the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import xmlschema
from lxml import etree

from .constants import NS_BASIS, OFFICIAL_SCHEMAS, SCHEMA_DIR, message_namespace

MAX_FILE_BYTES = 20 * 1024 * 1024  # the GGK refuses files over 25 MB


class SchemaError(ValueError):
    """The file is not a valid iWmo 3.2 message; the text is Dutch, for the sender."""


@cache
def schema_for(kind: str) -> xmlschema.XMLSchema10:
    folder = "official" if kind in OFFICIAL_SCHEMAS else "retour_derived"
    return xmlschema.XMLSchema10(str(SCHEMA_DIR / folder / f"{kind}.xsd"))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )


def kind_of(root: etree._Element) -> str | None:
    qname = etree.QName(root)
    prefix = "http://www.istandaarden.nl/iwmo/3_2/"
    if qname.localname != "Bericht" or not (qname.namespace or "").startswith(prefix):
        return None
    kind = (qname.namespace or "")[len(prefix):].split("/")[0].upper()
    return kind if kind.startswith("WMO") and len(kind) == 6 else None


def parse(content: bytes, expected: tuple[str, ...] | None = None) -> tuple[str, etree._Element]:
    """Parse and validate; return (kind, root). Raises `SchemaError` with a Dutch reason."""
    if len(content) > MAX_FILE_BYTES:
        raise SchemaError("Het bestand is groter dan 20 MB; verdeel de berichten over meer bestanden.")
    if b"<!DOCTYPE" in content[:2048] or b"<!ENTITY" in content:
        raise SchemaError("Het bestand bevat een DOCTYPE of ENTITY; dat is in iWmo niet toegestaan.")
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise SchemaError(f"Het bestand is geen geldige XML: {exc.msg} (regel {exc.lineno}).") from None
    kind = kind_of(root)
    if kind is None:
        raise SchemaError(
            "Het bestand is geen iWmo 3.2-bericht: het hoofdelement moet Bericht zijn in een "
            "namespace http://www.istandaarden.nl/iwmo/3_2/…/schema."
        )
    if expected is not None and kind not in expected:
        raise SchemaError(
            f"Een {kind}-bericht kan hier niet worden verwerkt; verwacht wordt "
            f"{', '.join(expected)}."
        )
    validate(kind, root)
    return kind, root


def validate(kind: str, root: etree._Element) -> None:
    try:
        schema = schema_for(kind)
    except (OSError, xmlschema.XMLSchemaException):
        raise SchemaError(f"Voor {kind} is geen iWmo 3.2-schema beschikbaar.") from None
    error = next(iter(schema.iter_errors(root)), None)
    if error is not None:
        raise SchemaError(_dutch_schema_error(kind, error))


def _dutch_schema_error(kind: str, error: xmlschema.XMLSchemaValidationError) -> str:
    elem = error.elem
    where = ""
    if elem is not None:
        where = f" bij element {etree.QName(elem).localname}"
        if getattr(elem, "sourceline", None):
            where += f" (regel {elem.sourceline})"
    reason = (error.reason or "").strip()
    return f"Het bericht voldoet niet aan het iWmo 3.2-schema van {kind}{where}: {reason}"


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class Builder:
    """Builds elements in one message namespace; `b()` for children of iwmo basis types."""

    def __init__(self, kind: str):
        self.kind = kind
        self.ns = message_namespace(kind)
        self.nsmap = {kind.lower(): self.ns, "iwmo": NS_BASIS}

    def root(self) -> etree._Element:
        return etree.Element(f"{{{self.ns}}}Bericht", nsmap=self.nsmap)

    def sub(self, parent: etree._Element, tag: str, text: object = None) -> etree._Element:
        el = etree.SubElement(parent, f"{{{self.ns}}}{tag}")
        if text is not None:
            el.text = fmt(text)
        return el

    def b(self, parent: etree._Element, tag: str, text: object = None) -> etree._Element:
        el = etree.SubElement(parent, f"{{{NS_BASIS}}}{tag}")
        if text is not None:
            el.text = fmt(text)
        return el

    def retour_codes(self, parent: etree._Element, codes: list[str]) -> etree._Element:
        holder = self.sub(parent, "RetourCodes")
        for code in codes:
            self.sub(holder, "RetourCode", code)
        return holder


def fmt(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class Reader:
    """XPath-light access to a parsed message of one kind."""

    kind: str
    root: etree._Element

    @property
    def ns(self) -> dict[str, str]:
        return {"m": message_namespace(self.kind), "iwmo": NS_BASIS}

    def all(self, path: str, node: etree._Element | None = None) -> list[etree._Element]:
        return (node if node is not None else self.root).xpath(path, namespaces=self.ns)

    def one(self, path: str, node: etree._Element | None = None) -> etree._Element | None:
        found = self.all(path, node)
        return found[0] if found else None

    def text(self, path: str, node: etree._Element | None = None) -> str:
        el = self.one(path, node)
        return (el.text or "").strip() if el is not None else ""

    def date(self, path: str, node: etree._Element | None = None) -> date | None:
        value = self.text(path, node)
        return date.fromisoformat(value) if value else None

    def int(self, path: str, node: etree._Element | None = None) -> int | None:
        value = self.text(path, node)
        return int(value) if value else None
