"""Who is calling: the bearer token of this request, checked and loaded."""

from flask import request

from app.accounts import api_tokens
from app.api.v1.problems import unauthorized
from app.integrations import service as integrations
from app.models import ApiToken, Integration


def bearer_secret() -> str | None:
    """The token in ``Authorization: Bearer …``; None when there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def token_from_request() -> ApiToken:
    """The usable personal token of this request, or a 401 problem."""
    secret = bearer_secret()
    if secret is None:
        raise unauthorized(
            "Send a personal API token as a bearer token.", token_given=False
        )
    token = api_tokens.authenticate(secret)
    if token is None:
        raise unauthorized(
            "The token is unknown, expired or revoked.", token_given=True
        )
    return token


def integration_from_request() -> Integration:
    """The active integration whose token this request carries, or a 401 problem.

    Some uptime services cannot set headers, so ``?token=`` is accepted too.
    """
    secret = bearer_secret() or request.args.get("token")
    if secret is None:
        raise unauthorized(
            "Send the integration's token as a bearer token.", token_given=False
        )
    integration = integrations.authenticate(secret)
    if integration is None:
        raise unauthorized(
            "The integration token is unknown or disabled.", token_given=True
        )
    return integration
