"""AWS Signature Version 4 for Bedrock requests, through ``botocore`` (the ``llmkit[bedrock]`` extra).

botocore is imported only here and only when a handler needs it (no Bedrock API key given), so
the core install stays light. Credentials come from botocore's standard chain: environment,
shared config and credentials files with profiles, SSO, web identity, container and instance
roles; refreshable credentials are refreshed by botocore as they near expiry.

Only ``host``, ``content-type`` and the ``x-amz-*`` headers are signed: the rest (user agent,
connection) may be changed by the transport on the way and must not break the signature.
"""

from __future__ import annotations

import importlib
from typing import Any

import httpx

from .._errors import ConfigError

INSTALL_HINT = "pip install 'llmkit[bedrock]'"
SERVICE = "bedrock"


def _botocore(module: str) -> Any:
    try:
        return importlib.import_module(f"botocore.{module}")
    except ImportError as exc:
        raise ConfigError(
            "Bedrock without an API key signs requests with your AWS credentials (SigV4), which needs "
            f"botocore: {INSTALL_HINT}; or pass api_key / set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key"
        ) from exc


class SigV4Signer:
    """Signs requests for one region with the credentials of one profile (or the default chain)."""

    def __init__(self, region: str | None, profile: str | None) -> None:
        session_module = _botocore("session")
        self._auth = _botocore("auth")
        self._awsrequest = _botocore("awsrequest")
        self._errors = _botocore("exceptions")
        self._session = session_module.Session(profile=profile)
        try:
            self.region = region or self._session.get_config_variable("region")
        except self._errors.BotoCoreError as exc:  # an unknown profile
            raise ConfigError(f"could not read the AWS configuration for Bedrock: {exc}") from exc
        self._credentials: Any = None

    def sign(self, request: httpx.Request) -> None:
        """Add ``Authorization``, ``X-Amz-Date`` (and the session token) to ``request``, in place."""
        credentials = self.resolve()
        headers = {"content-type": request.headers.get("content-type", "application/json")}
        aws = self._awsrequest.AWSRequest(
            method=request.method, url=str(request.url), data=request.content, headers=headers
        )
        self._auth.SigV4Auth(credentials.get_frozen_credentials(), SERVICE, self.region).add_auth(aws)
        for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"):
            value = aws.headers.get(name)
            if value is not None:
                request.headers[name] = value

    def resolve(self) -> Any:
        """The credentials, looked up through the chain the first time (blocking: may do I/O)."""
        if self._credentials is None:
            try:
                credentials = self._session.get_credentials()
            except self._errors.BotoCoreError as exc:  # an unknown profile, an expired SSO token…
                raise ConfigError(f"could not load AWS credentials for Bedrock: {exc}") from exc
            if credentials is None:
                raise ConfigError(
                    "no AWS credentials found for Bedrock (environment, shared config or profile, SSO, "
                    "container or instance role): configure them, pass aws_profile, or pass a Bedrock api_key"
                )
            self._credentials = credentials
        return self._credentials
