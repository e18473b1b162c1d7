"""The environment variables without which bwmo.conf.production refuses to start."""

REQUIRED = {
    "SECRET_KEY": "Django's secret for sessions, CSRF and reset links (50+ random characters)",
    "DATABASE_URL": "the PostgreSQL database, postgres://user:password@host:5432/name",
    "ALLOWED_HOSTS": "the host name(s) of the site, comma-separated",
    "BWMO_BSN_KEY": "the key that encrypts BSNs (`bwmo generate-bsn-key`)",
    "BWMO_BSN_INDEX_KEY": "the key of the BSN search index (`bwmo generate-bsn-key`), never rotated",
    "EMAIL_HOST": "the SMTP server for password-reset mails",
    "DEFAULT_FROM_EMAIL": "the sender address of those mails",
}
