# Negative: ContextVars for a request id and the current user, set by middleware without reset: no connection involved.
from contextvars import ContextVar
import uuid

from starlette.middleware.base import BaseHTTPMiddleware

request_id: ContextVar[str] = ContextVar("request_id", default="-")
current_user: ContextVar = ContextVar("current_user", default=None)


class RequestContextMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        request_id.set(request.headers.get("x-request-id", uuid.uuid4().hex))
        current_user.set(request.scope.get("user"))
        response = await call_next(request)
        response.headers["x-request-id"] = request_id.get()
        return response
