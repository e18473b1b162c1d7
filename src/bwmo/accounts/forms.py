from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="Gebruikersnaam", max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label="Wachtwoord", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": "Gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters.",
        "inactive": "Dit account is niet actief. Neem contact op met functioneel beheer.",
    }


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Verificatiecode", max_length=20, strip=True,
        help_text="De zes cijfers uit uw authenticator-app, of een van uw herstelcodes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "inputmode": "text", "spellcheck": "false"}),
        error_messages={"required": "Vul de verificatiecode in."},
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Verificatiecode", max_length=10, strip=True,
        help_text="De zes cijfers die de app nu toont.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
        error_messages={"required": "Vul de zes cijfers uit de app in."},
    )


class ReauthForm(forms.Form):
    password = forms.CharField(
        label="Wachtwoord", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": "Vul uw wachtwoord in."},
    )
    code = forms.CharField(
        label="Verificatiecode", max_length=20, strip=True,
        help_text="De zes cijfers uit uw authenticator-app.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Vul de verificatiecode in."},
    )
