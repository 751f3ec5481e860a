"""Auth strategies: each adds its credential to an outgoing request.

``keys`` (bearer and header keys, the common case), ``gateway`` (Vercel API key or
OIDC), ``sigv4`` (AWS, signs the serialised body; needs the ``bedrock`` extra),
``google`` (OAuth through google-auth; the ``vertex`` extra). The optional ones import
their library only when a request is signed.
"""

from .base import Auth, OutgoingRequest
from .gateway import GatewayAuth
from .keys import BearerAuth, HeaderKeyAuth, KeySource

__all__ = ["Auth", "BearerAuth", "GatewayAuth", "HeaderKeyAuth", "KeySource", "OutgoingRequest"]
