"""Flow XO's throttling: none recorded, so it is assumed to be express-rate-limit's (one
scope, `api`, with no rate unless a workspace sets one): see
`sandbox.core.stacks.express_rate_limit`."""

from sandbox.core.stacks.express_rate_limit import RATES

__all__ = ["RATES"]
