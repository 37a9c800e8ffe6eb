from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from danvan.accounts.access import with_inherited
from danvan.snapshots import with_snapshot


class ScopedModelBackend(ModelBackend):
    """Loads the user with their office, its area and the areas it inherited in one query: every page needs the scope.
    The same query brings the request's database snapshot (danvan.snapshots), the key of the list results' cache."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("office__area").filter(pk=user_id)
        user = with_snapshot(with_inherited(users)).first()
        return user if user and self.user_can_authenticate(user) else None
