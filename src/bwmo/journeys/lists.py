"""The decisions list ("Besluiten en cliënten in zorg") as a sortable, paged table with an export
(ADR 0018). The filter form stays `forms.DecisionFilterForm`; the selector applies it."""

from datetime import date

from django.urls import reverse
from django.utils.html import format_html

import django_tables2 as tables

from bwmo.core.lists import DateColumn, ListTable

from .constants import BeschikkingOutcome
from .models import Beschikking
from .responsible import RULE_LABELS
from .templatetags.journeys_tags import outcome_badge


def in_care(beschikking: Beschikking, today: date) -> str:
    """'ja', 'afgelopen', 'start 01-10-2026' or '–' (not granted)."""
    if beschikking.outcome != BeschikkingOutcome.GRANTED or beschikking.start_date is None:
        return "–"
    if beschikking.start_date > today:
        return f"start {beschikking.start_date:%d-%m-%Y}"
    if beschikking.end_date is None or beschikking.end_date >= today:
        return "ja"
    return "afgelopen"


class DecisionTable(ListTable):
    client = tables.Column("Cliënt", accessor="client__full_name",
                           order_by=("client__surname", "client__given_names", "-id"))
    outcome = tables.Column("Besluit")
    decided_on = DateColumn("Besluitdatum", order_by=("decided_on", "id"))
    product = tables.Column("Product", accessor="product__name", default="–")
    financing = tables.Column("Financiering", default="–")
    start_date = DateColumn("Start", default="–", order_by=("start_date", "id"))
    end_date = DateColumn("Einde", default="onbepaald", order_by=("end_date", "id"))
    responsible = tables.Column("Verantwoordelijke gemeente",
                                accessor="responsible_municipality__name", default="–")
    rule = tables.Column("Regel voor de verantwoordelijkheid", accessor="responsibility_rule",
                         orderable=False, default="–")
    care = tables.Column("In zorg", accessor="pk", orderable=False)

    caption = "Beschikkingen"

    class Meta(ListTable.Meta):
        order_by = ("-decided_on",)
        empty_text = "Nog geen besluiten."

    def __init__(self, *args, today: date, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.today = today

    def render_client(self, record: Beschikking) -> str:
        return format_html('<a class="utrecht-link" href="{}">{}</a>',
                           reverse("journeys:beschikking-detail", args=[record.pk]),
                           record.client.full_name)

    def value_client(self, record: Beschikking) -> str:
        return record.client.full_name

    def render_outcome(self, record: Beschikking) -> str:
        return format_html('<span class="bwmo-badge bwmo-badge--{}">{}</span>',
                           outcome_badge(record.outcome), record.get_outcome_display())

    def value_outcome(self, record: Beschikking) -> str:
        return record.get_outcome_display()

    def render_financing(self, record: Beschikking) -> str:
        return record.get_financing_display() or "–"

    def value_financing(self, record: Beschikking) -> str:
        return record.get_financing_display()

    def render_rule(self, value: str) -> str:
        return RULE_LABELS.get(value, "–")  # plain Dutch, never the internal code

    def value_rule(self, value: str) -> str:
        return RULE_LABELS.get(value, "")

    def render_care(self, record: Beschikking) -> str:
        return in_care(record, self.today)

    def value_care(self, record: Beschikking) -> str:
        return in_care(record, self.today)

    def value_end_date(self, value: date | None) -> date | None:
        return value if isinstance(value, date) else None

    def value_start_date(self, value: date | None) -> date | None:
        return value if isinstance(value, date) else None
