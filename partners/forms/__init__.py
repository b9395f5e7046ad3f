from partners.forms.accounts import SignupForm

__all__ = ["SignupForm"]
