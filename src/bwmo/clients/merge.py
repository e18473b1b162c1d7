"""Merging two registrations of one person, and undoing that merge (seed 004 §3.2).

A person without a BSN is easily registered twice (the central access and a municipality, or a
spelling variant). A consulent or CT-adviseur who sees a proposed duplicate (clients.duplicates)
compares both records and merges the *duplicate* into the *survivor*:

* The duplicate stays in the database with ``merged_into = survivor``; it no longer turns up in
  search results or duplicate proposals, and its page points to the survivor.
* Every row that pointed at the duplicate — meldingen, beschikkingen, placements, waiting-list
  entries and whatever later modules attach to a client with a foreign key — is re-pointed to the
  survivor, so the survivor's page shows the whole case. :class:`~bwmo.clients.models.ClientMerge`
  records exactly which rows moved. The relations are found from the model metadata, so a module
  that adds a new foreign key to Client is merged along without changes here; the only relations
  that do not move are listed in :data:`KEPT_RELATIONS` (append-only history and the merge records
  themselves). ``test_merge.py`` fails when a relation appears that cannot be moved this way.
* The case history and the access log are append-only: they stay with the record they were
  written for. The survivor's case history shows the history of the records merged into it.
* BSN: two different BSNs mean two people, so that merge is refused. When only the duplicate has
  a BSN, the survivor gets it (the duplicate keeps the survivor's reason for having none). Empty
  gemeente van herkomst / verantwoordelijke gemeente of the survivor are filled from the duplicate.
* A record that has other records merged into it cannot itself be merged away (choose it as the
  survivor, or undo those merges first); this keeps every merge exactly reversible.

Undo (:func:`client_merge_undo`) moves the recorded rows back, restores the identity fields the
merge changed on the survivor (unless a user changed them since; then the later change stands)
and on the duplicate, and clears ``merged_into``. Rows added to the survivor after the merge stay with the survivor. Both directions
write a case-history entry on both records and an access-log entry per record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write
from bwmo.core.dates import nl_date
from bwmo.core.exceptions import DomainError

from .constants import EventKind
from .models import Client, ClientMerge
from .services import client_event_add

# Relations to Client that a merge leaves where they are (model label, field name).
KEPT_RELATIONS = frozenset({
    ("clients.clientevent", "client"),  # append-only case history
    ("audit.accesslogentry", "client"),  # append-only access log
    ("clients.client", "merged_into"),  # earlier merges into the duplicate (refused, see above)
    ("clients.clientmerge", "survivor"),
    ("clients.clientmerge", "duplicate"),
})

# Identity fields a merge may change on the survivor or the duplicate, restored on undo.
BSN_FIELDS = ("bsn_encrypted", "bsn_index", "no_bsn_reason")
FILLED_FIELDS = ("origin_municipality_id", "responsible_municipality_id")


class MergeRefused(DomainError):
    """The merge (or its undo) is not allowed; the message says why, in Dutch."""


def movable_relations() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) with a foreign key to Client that a merge re-points.

    Raises RuntimeError for a relation it cannot move (one-to-one or many-to-many), so such a
    relation cannot be added without deciding what a merge does with it.
    """
    relations = []
    for relation in Client._meta.related_objects:
        model = relation.related_model
        key = (model._meta.label_lower, relation.field.name)
        if key in KEPT_RELATIONS:
            continue
        if not relation.many_to_one and not relation.one_to_many:
            raise RuntimeError(
                f"{key[0]}.{key[1]}: een samenvoeging kan deze koppeling niet verplaatsen; "
                "leg in clients.merge vast wat er bij samenvoegen mee gebeurt."
            )
        relations.append((model, relation.field.name))
    return sorted(relations, key=lambda item: (item[0]._meta.label_lower, item[1]))


def related_counts(client: Client) -> dict[str, int]:
    """How many rows of each movable kind point at this client (``{"app.model.field": n}``)."""
    counts = {}
    for model, field in movable_relations():
        count = model._default_manager.filter(**{field: client}).count()
        if count:
            counts[f"{model._meta.label_lower}.{field}"] = count
    return counts


def count_lines(counts: dict[str, int]) -> list[str]:
    """``{"journeys.melding.client": 2}`` → ``["2 meldingen"]`` (for the screens)."""
    lines = []
    for key, count in counts.items():
        meta = apps.get_model(key.rsplit(".", 1)[0])._meta
        lines.append(f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}")
    return lines


def _identity(client: Client, fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: getattr(client, field) for field in fields}


def _lock(*pks: int) -> dict[int, Client]:
    locked = Client.objects.select_for_update().filter(pk__in=sorted(pks))
    return {client.pk: client for client in locked}


def _check_merge(survivor: Client, duplicate: Client) -> None:
    if survivor.pk == duplicate.pk:
        raise MergeRefused("Een dossier kan niet met zichzelf worden samengevoegd.")
    for client in (survivor, duplicate):
        if client.merged_into_id is not None:
            raise MergeRefused(
                f"Het dossier van {client.full_name} is al samengevoegd met een ander dossier."
            )
    if survivor.region_id != duplicate.region_id:
        raise MergeRefused("De dossiers horen bij verschillende regio's en kunnen niet samen.")
    if survivor.bsn_index and duplicate.bsn_index and survivor.bsn_index != duplicate.bsn_index:
        raise MergeRefused(
            "Beide dossiers hebben een ander BSN: dit zijn verschillende personen. "
            "Samenvoegen kan niet."
        )
    if Client.objects.filter(merged_into=duplicate).exists():
        raise MergeRefused(
            f"Met het dossier van {duplicate.full_name} zijn al andere dossiers samengevoegd. "
            "Kies dit dossier als blijvend dossier, of maak die samenvoeging eerst ongedaan."
        )


@transaction.atomic
def client_merge(
    *, survivor: Client, duplicate: Client, acting_user: User, today: date, reason: str = "",
    match_reasons: tuple[str, ...] | list[str] = (),
) -> ClientMerge:
    """Merge ``duplicate`` into ``survivor``. Raises :class:`MergeRefused`; then nothing changed."""
    if survivor.pk == duplicate.pk:
        raise MergeRefused("Een dossier kan niet met zichzelf worden samengevoegd.")
    locked = _lock(survivor.pk, duplicate.pk)
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    _check_merge(survivor, duplicate)

    survivor_before = _identity(survivor, BSN_FIELDS + FILLED_FIELDS)
    duplicate_before = _identity(duplicate, BSN_FIELDS)
    taken_over = []
    if duplicate.bsn_index and not survivor.bsn_index:
        survivor.bsn_encrypted, survivor.bsn_index = duplicate.bsn_encrypted, duplicate.bsn_index
        survivor.no_bsn_reason = ""
        duplicate.bsn_encrypted, duplicate.bsn_index = "", None
        duplicate.no_bsn_reason = survivor_before["no_bsn_reason"]
        taken_over.append("BSN")
    for field in FILLED_FIELDS:
        if getattr(survivor, field) is None and getattr(duplicate, field) is not None:
            setattr(survivor, field, getattr(duplicate, field))
            taken_over.append(str(Client._meta.get_field(field.removesuffix("_id")).verbose_name))
    duplicate.merged_into = survivor
    duplicate.save()  # first: frees the BSN index for the survivor
    survivor.save()

    moved: dict[str, list[int]] = {}
    for model, field in movable_relations():
        rows = model._default_manager.filter(**{field: duplicate})
        pks = sorted(rows.values_list("pk", flat=True))
        if pks:
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk__in=pks).update(**{field: survivor})
            except IntegrityError as exc:
                raise MergeRefused(
                    f"De {model._meta.verbose_name_plural} van beide dossiers kunnen niet samen "
                    "in één dossier; pas die eerst aan."
                ) from exc
            moved[f"{model._meta.label_lower}.{field}"] = pks

    merge = ClientMerge.objects.create(
        survivor=survivor, duplicate=duplicate, merged_on=today, merged_by=acting_user,
        reason=reason.strip()[:500], match_reasons=list(match_reasons), moved=moved,
        survivor_before=survivor_before,
        survivor_after=_identity(survivor, BSN_FIELDS + FILLED_FIELDS),
        duplicate_before=duplicate_before,
    )
    moved_summary = _moved_summary(moved)
    details = f"Verplaatst: {moved_summary}." if moved_summary else "Geen gegevens verplaatst."
    if taken_over:
        details += " Overgenomen: " + ", ".join(taken_over) + "."
    client_event_add(
        client=survivor, kind=EventKind.MERGED, occurred_on=today, actor=acting_user,
        summary=f"Dossier van {duplicate.full_name} (geboren {nl_date(duplicate.date_of_birth)}) "
        f"samengevoegd met dit dossier. {details}",
        data={"merge": merge.pk, "duplicate": duplicate.pk, "moved": moved},
    )
    client_event_add(
        client=duplicate, kind=EventKind.MERGED, occurred_on=today, actor=acting_user,
        summary=f"Samengevoegd met het dossier van {survivor.full_name}; dat dossier blijft "
        f"bestaan. {details}",
        data={"merge": merge.pk, "survivor": survivor.pk},
    )
    for client, role in ((survivor, "blijvend dossier"), (duplicate, "samengevoegd dossier")):
        access_log_write(
            user=acting_user, action=AccessAction.MERGE, purpose=Purpose.DUPLICATE_CHECK,
            client=client, detail=f"Samenvoeging {merge.pk}: {role}",
        )
    return merge


def _moved_summary(moved: dict[str, list[int]]) -> str:
    return ", ".join(count_lines({key: len(pks) for key, pks in moved.items()}))


def moved_lines(merge: ClientMerge) -> list[str]:
    """What ``merge`` moved to the survivor, in words (for the screens)."""
    return count_lines({key: len(pks) for key, pks in merge.moved.items()})


@transaction.atomic
def client_merge_undo(*, merge: ClientMerge, acting_user: User, today: date) -> ClientMerge:
    """Undo ``merge`` exactly. Raises :class:`MergeRefused`; then nothing changed."""
    merge = ClientMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeRefused(
            f"Deze samenvoeging is al ongedaan gemaakt op {nl_date(merge.undone_on)}."
        )
    locked = _lock(merge.survivor_id, merge.duplicate_id)
    survivor, duplicate = locked[merge.survivor_id], locked[merge.duplicate_id]
    if survivor.merged_into_id is not None:
        raise MergeRefused(
            "Het blijvende dossier is inmiddels zelf samengevoegd met een ander dossier; "
            "maak eerst die samenvoeging ongedaan."
        )
    if duplicate.merged_into_id != survivor.pk:
        raise MergeRefused("Dit dossier is niet (meer) met het blijvende dossier samengevoegd.")

    after = merge.survivor_after
    restored = []
    bsn_unchanged = all(getattr(survivor, f) == after.get(f) for f in BSN_FIELDS)
    if bsn_unchanged and any(merge.survivor_before.get(f) != after.get(f) for f in BSN_FIELDS):
        for field in BSN_FIELDS:
            setattr(survivor, field, merge.survivor_before[field])
        restored.append("BSN")
    for field in FILLED_FIELDS:
        before = merge.survivor_before.get(field)
        if before != after.get(field) and getattr(survivor, field) == after.get(field):
            setattr(survivor, field, before)
    survivor.save()  # first: frees the BSN index for the duplicate
    for field in BSN_FIELDS:
        setattr(duplicate, field, merge.duplicate_before[field])
    duplicate.merged_into = None
    try:
        with transaction.atomic():
            duplicate.save()
    except IntegrityError as exc:
        raise MergeRefused(
            "Het BSN van het samengevoegde dossier is inmiddels bij een ander dossier in gebruik; "
            "de samenvoeging kan niet ongedaan worden gemaakt."
        ) from exc

    moved_back: dict[str, list[int]] = {}
    for key, pks in merge.moved.items():
        app_model, field = key.rsplit(".", 1)
        model = apps.get_model(app_model)
        still_here = sorted(
            model._default_manager.filter(pk__in=pks, **{field: survivor})
            .values_list("pk", flat=True)
        )
        model._default_manager.filter(pk__in=still_here).update(**{field: duplicate})
        if still_here:
            moved_back[key] = still_here

    merge.undone_on = today
    merge.undone_at = timezone.now()
    merge.undone_by = acting_user
    merge.save(update_fields=["undone_on", "undone_at", "undone_by"])

    summary = _moved_summary(moved_back)
    details = f"Teruggezet: {summary}." if summary else "Geen gegevens teruggezet."
    if restored:
        details += " Het BSN staat weer bij het eigen dossier."
    client_event_add(
        client=survivor, kind=EventKind.UNMERGED, occurred_on=today, actor=acting_user,
        summary=f"Samenvoeging met het dossier van {duplicate.full_name} ongedaan gemaakt. "
        f"{details}",
        data={"merge": merge.pk, "duplicate": duplicate.pk, "moved_back": moved_back},
    )
    client_event_add(
        client=duplicate, kind=EventKind.UNMERGED, occurred_on=today, actor=acting_user,
        summary=f"Samenvoeging met het dossier van {survivor.full_name} ongedaan gemaakt; "
        f"dit dossier staat weer op zichzelf. {details}",
        data={"merge": merge.pk, "survivor": survivor.pk},
    )
    for client, role in ((survivor, "blijvend dossier"), (duplicate, "samengevoegd dossier")):
        access_log_write(
            user=acting_user, action=AccessAction.UNMERGE, purpose=Purpose.DUPLICATE_CHECK,
            client=client, detail=f"Samenvoeging {merge.pk} ongedaan: {role}",
        )
    return merge

