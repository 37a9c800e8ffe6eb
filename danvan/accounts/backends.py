from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ScopedModelBackend(ModelBackend):
    """Loads the user with their office and area in one query: every page needs the scope."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("office__area").filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
