from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "bwmo.followups"
    label = "followups"
    verbose_name = "Vervolgstappen: bezwaar, herindicatie en voortgang"
