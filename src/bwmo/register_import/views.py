"""The screen for functioneel beheer: upload the register, see the dry run per row, then import
all rows at once. The file is kept in the session between the two steps, only after a clean dry
run; the import checks it again. Thin: the rules are in `services.py` and `rows.py`."""

import base64
import hashlib

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bwmo.core.exceptions import DomainError
from bwmo.jobs.services import job_enqueue

from . import forms, selectors, services
from .jobs import IMPORT

SESSION_KEY = "register_import_file"


def import_register(request: HttpRequest) -> HttpResponse:
    user = request.user
    region = selectors.importer_region(user)  # type: ignore[arg-type]
    if region is None:
        raise Http404
    form = forms.RegisterFileForm()
    report = None
    too_long = False
    if request.method == "POST" and request.POST.get("stap") == "importeren":
        stored = request.session.get(SESSION_KEY)
        if not stored or stored.get("sha256") != request.POST.get("controle"):
            messages.error(request, "Kies het bestand opnieuw en doe eerst de proefimport.")
            return redirect("register_import:import")
        # the import itself runs as a background job (bwmo.jobs) that checks every row again
        job = job_enqueue(kind=IMPORT, started_by=user, region=region,  # type: ignore[arg-type]
                          input_name=stored["name"], input_data=base64.b64decode(stored["data"]))
        del request.session[SESSION_KEY]
        return redirect("jobs:detail", pk=job.pk)
    elif request.method == "POST":
        form = forms.RegisterFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            request.session.pop(SESSION_KEY, None)
            try:
                report = services.register_import(region=region, data=data, filename=upload.name,
                                                  acting_user=user, today=timezone.localdate(),  # type: ignore[arg-type]
                                                  dry_run=True)
            except DomainError as exc:
                messages.error(request, exc.message)
                return redirect("register_import:import")
            too_long = len(report.rows) > forms.MAX_SCREEN_ROWS
            if report.ok and not too_long:
                request.session[SESSION_KEY] = {
                    "name": upload.name, "data": base64.b64encode(data).decode("ascii"),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
    return render(request, "register_import/import.html", {
        "form": form, "report": report, "region": region, "too_long": too_long,
        "max_rows": forms.MAX_SCREEN_ROWS,
        "checksum": request.session.get(SESSION_KEY, {}).get("sha256", ""),
        "imports": selectors.imports_for(user)[:20],  # type: ignore[arg-type]
    })
