"""A real Argon2 hasher with small cost parameters, so that tests creating many accounts stay
fast. Production uses Django's Argon2PasswordHasher defaults (see settings)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 1
