"""The checks shipped with audit (installed as the package ``audit.shipped_checks``).

Every ``check_*.py`` file, rule file (``rules/*.toml``) and suite (``expectations/``) here
runs in every audit unless disabled; a project's own ``checks/`` folder adds to them.
"""
