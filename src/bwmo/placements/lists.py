"""The placements overview as a paged, sortable, filterable table with an export (ADR 0018)."""

from datetime import date

from django.db.models import QuerySet
from django.utils.html import format_html

import django_filters
import django_tables2 as tables

from bwmo.capacity.forms import AccessibleForm, ProductChoiceField, date_field
from bwmo.core.lists import DateColumn, ListTable
from bwmo.regions.models import Municipality, Product, Region

from .models import Placement


class PlacementFilter(django_filters.FilterSet):
    """Peildatum (default today), product, verantwoordelijke gemeente and a name."""

    peildatum = django_filters.DateFilter(method="_on_day", label="Peildatum")
    naam = django_filters.CharFilter(
        label="Naam cliënt", method="_name", help_text="Een deel van de achternaam is genoeg.",
    )
    product = django_filters.ModelChoiceFilter(
        label="Product", queryset=Product.objects.none(), empty_label="Alle",
    )
    gemeente = django_filters.ModelChoiceFilter(
        field_name="responsible_municipality", label="Verantwoordelijke gemeente",
        queryset=Municipality.objects.none(), empty_label="Alle",
    )

    class Meta:
        model = Placement
        fields: list[str] = []
        form = AccessibleForm

    def __init__(self, data=None, *, queryset: QuerySet[Placement], region: Region | None,  # type: ignore[no-untyped-def]
                 today: date):
        super().__init__(data, queryset=queryset)
        self.today = today
        form_fields = self.form.fields
        form_fields["peildatum"] = date_field("Peildatum", required=False,
                                              help_text="Leeg: vandaag.")
        form_fields["product"] = ProductChoiceField(
            label="Product", queryset=Product.objects.none(), required=False, empty_label="Alle")
        form_fields["gemeente"].error_messages["invalid_choice"] = "Kies een gemeente uit de lijst."
        form_fields["naam"].max_length = 120
        if region is not None:
            form_fields["product"].queryset = region.products.order_by("track", "name")
            form_fields["gemeente"].queryset = region.municipalities.order_by("name")
        self.form._describe()

    @property
    def day(self) -> date:
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("peildatum"):
            return self.form.cleaned_data["peildatum"]
        return self.today

    def filter_queryset(self, queryset):  # type: ignore[no-untyped-def]
        return super().filter_queryset(queryset).active_on(self.day)

    def _on_day(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset  # applied in filter_queryset, also when empty (today)

    def _name(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(client__surname__icontains=value.strip())


class PlacementTable(ListTable):
    client = tables.Column("Cliënt", accessor="client__full_name",
                           order_by=("client__surname", "client__given_names", "pk"))
    date_of_birth = DateColumn("Geboortedatum", accessor="client__date_of_birth")
    product = tables.Column("Product", accessor="product__name")
    location = tables.Column("Locatie", accessor="location__name",
                             order_by=("location__name", "client__surname", "pk"))
    municipality = tables.Column("Gemeente locatie", accessor="location__municipality__name")
    start_date = DateColumn("Start zorg")
    end_date = DateColumn("Einde zorg", default="–")
    responsible = tables.Column("Verantwoordelijke gemeente",
                                accessor="responsible_municipality__name")
    is_pgb = tables.Column("PGB", orderable=False)

    caption = "Plaatsingen op de peildatum"

    class Meta(ListTable.Meta):
        order_by = ("location", "client")

    def render_client(self, record: Placement) -> str:
        from django.urls import reverse

        return format_html('<a class="utrecht-link" href="{}">{}</a>',
                           reverse("placements:detail", args=[record.pk]),
                           record.client.full_name)

    def value_client(self, record: Placement) -> str:
        return record.client.full_name

    def render_is_pgb(self, value: bool) -> str:
        return "ja" if value else "nee"

    def value_is_pgb(self, value: bool) -> str:
        return "ja" if value else "nee"

    def value_end_date(self, value: date | None) -> date | None:
        return value if isinstance(value, date) else None


class WaitingTable(ListTable):
    """The waiting list: urgent first, then longest waiting (the selector's order) unless the
    user sorts by a column."""

    client = tables.Column("Cliënt", accessor="client__full_name",
                           order_by=("client__surname", "client__given_names", "pk"))
    date_of_birth = DateColumn("Geboortedatum", accessor="client__date_of_birth")
    product = tables.Column("Product", accessor="product__name")
    location = tables.Column("Voorkeurslocatie", accessor="location__name",
                             default="geen voorkeur")
    responsible = tables.Column("Verantwoordelijke gemeente",
                                accessor="responsible_municipality__name")
    entered_on = DateColumn("Op wachtlijst sinds", order_by=("entered_on", "pk"))
    waited = tables.Column("Wachttijd", accessor="entered_on", order_by=("-entered_on", "pk"))
    priority = tables.Column("Prioriteit", order_by=("rank", "entered_on", "pk"))
    actions = tables.Column("Acties", accessor="pk", orderable=False, exclude_from_export=True)

    caption = "Wachtlijst"

    class Meta(ListTable.Meta):
        empty_text = "Er staat niemand op de wachtlijst die u mag inzien."

    def __init__(self, *args, today: date, may_place, may_manage: bool, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.today = today
        self.may_place = may_place
        self.may_manage = may_manage

    def render_client(self, record) -> str:  # type: ignore[no-untyped-def]
        from django.urls import reverse

        return format_html('<a class="utrecht-link" href="{}">{}</a>',
                           reverse("clients:detail", args=[record.client_id]),
                           record.client.full_name)

    def value_client(self, record) -> str:  # type: ignore[no-untyped-def]
        return record.client.full_name

    def render_waited(self, record) -> str:  # type: ignore[no-untyped-def]
        from .rules import describe_waiting_time

        return describe_waiting_time((self.today - record.entered_on).days)

    def value_waited(self, record) -> int:  # type: ignore[no-untyped-def]
        return (self.today - record.entered_on).days  # days, a number in the export

    def render_priority(self, record) -> str:  # type: ignore[no-untyped-def]
        if record.priority != "urgent":
            return "Normaal"
        return format_html('<span class="bwmo-badge bwmo-badge--error">Urgent</span>{}',
                           f" {record.priority_reason}" if record.priority_reason else "")

    def value_priority(self, record) -> str:  # type: ignore[no-untyped-def]
        if record.priority != "urgent":
            return "Normaal"
        return f"Urgent: {record.priority_reason}" if record.priority_reason else "Urgent"

    def render_actions(self, record) -> str:  # type: ignore[no-untyped-def]
        from django.urls import reverse
        from django.utils.safestring import mark_safe

        links = []
        name = record.client.full_name
        if self.may_place(record):
            links.append(format_html(
                '<a class="utrecht-link" href="{}">Plaatsen<span class="visually-hidden"> {}'
                "</span></a>", reverse("placements:waiting_place", args=[record.pk]), name))
        if self.may_manage:
            links.append(format_html(
                '<a class="utrecht-link" href="{}">Van wachtlijst halen<span '
                'class="visually-hidden"> {}</span></a>',
                reverse("placements:waiting_remove", args=[record.pk]), name))
        return format_html('<div class="bwmo-actions">{}</div>', mark_safe(" ".join(links)))  # noqa: S308
