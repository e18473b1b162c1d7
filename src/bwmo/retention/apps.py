from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "bwmo.retention"
    verbose_name = "Bewaartermijnen en vernietiging"
