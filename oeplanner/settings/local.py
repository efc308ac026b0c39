"""Development on one machine: `make run`. Debug on, nothing to install."""

from .base import *  # noqa: F401,F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
