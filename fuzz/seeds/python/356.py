# Permission checks: `can_edit` -> `_role_allows` -> `load_role`, which acquires; `role_rank` is pure.
from app.repositories.roles import load_role

RANKS = {"viewer": 0, "commenter": 1, "editor": 2, "owner": 3}


def role_rank(role):
    return RANKS.get(role, -1)


def _role_allows(user_id, document_id, needed):
    return role_rank(load_role(user_id, document_id)) >= RANKS[needed]


def can_edit(user_id, document_id):
    return _role_allows(user_id, document_id, "editor")
