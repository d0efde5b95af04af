"""The demo organisation Kwartier: register, staff and fake residents (``zorgvuldig demo``).

Import :func:`zorgvuldig.demo.loader.load_demo` to load it; see ``docs/demo.md``.
"""
