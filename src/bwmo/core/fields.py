"""Form fields shared by the apps."""

import re
from typing import Any

from django import forms

# "1.250.000,00" or "€ 1.250,5": dots that group thousands before a decimal comma (or the end).
_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d*)?$")


class EuroField(forms.DecimalField):
    """An amount in euro, typed the Dutch way: "1250,50", "1.250,50" or "€ 1.250,50"."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
            if _GROUPED.match(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)
