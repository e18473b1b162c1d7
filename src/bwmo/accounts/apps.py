from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bwmo.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en organisaties"

    def ready(self) -> None:
        from django.contrib import admin

        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import signals  # noqa: F401  (connects the receivers)

        # django-otp registers its devices in the admin, across all regions and with the TOTP
        # secret as a QR code. Second factors are reset with `bwmo reset-second-factor` instead.
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
