from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from danvan.accounts.access import with_inherited


class ScopedModelBackend(ModelBackend):
    """Loads the user with their office, its area and the areas it inherited in one query: every page needs the scope."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("office__area").filter(pk=user_id)
        user = with_inherited(users).first()
        return user if user and self.user_can_authenticate(user) else None
