from typing import Any

from django.http import HttpRequest

from suppliers.access import actor_for


def roles(request: HttpRequest) -> dict[str, Any]:
    actor = actor_for(request.user)
    return {"actor": actor}
