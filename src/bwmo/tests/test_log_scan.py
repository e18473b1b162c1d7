"""The log scan (conftest `_no_bsn_in_logs`) finds a BSN in a log line and passes others."""

import logging

from bwmo.testing.logscan import BsnScanHandler, bsn_like_numbers


def test_a_bsn_in_a_log_line_is_found():
    handler = BsnScanHandler()
    logger = logging.getLogger("bwmo.test.logscan")
    logger.addHandler(handler)
    logger.propagate = False  # keep the planted BSN away from the suite-wide scan
    try:
        logger.warning("Not Found: /clienten/?q=%s", "111222333")  # passes the 11-proef
        logger.warning("hash 5e8a464bf90f147cd2d87dc78a26e5 id 123456789")  # fails the 11-proef
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert handler.offending == ["bwmo.test.logscan: Not Found: /clienten/?q=111222333"]


def test_numbers_that_are_not_a_bsn_pass():
    assert bsn_like_numbers("111222333") == ["111222333"]
    assert bsn_like_numbers("1112223330 a111222333 123456789") == []
