"""No BSN in any log line (issue 8): every log record a test produces is scanned for a 9-digit
number that passes the 11-proef. The check runs as an autouse fixture (conftest.py), so the
whole test suite is the sample."""

import logging
import re

from bwmo.core.bsn import passes_elfproef

# Nine digits not part of a longer number (a hash or a UUID's hex run is not a BSN: letters
# around the digits end the match).
_NINE_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])")


def bsn_like_numbers(text: str) -> list[str]:
    return [m for m in _NINE_DIGITS.findall(text) if passes_elfproef(m)]


class BsnScanHandler(logging.Handler):
    """Collects log lines that contain a number passing the 11-proef."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.offending: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = f"{record.name}: {record.getMessage()}"
            if record.exc_info and record.exc_info[1] is not None:
                line += f" {record.exc_info[1]}"
        except Exception:
            return
        if bsn_like_numbers(line):
            self.offending.append(line[:300])
