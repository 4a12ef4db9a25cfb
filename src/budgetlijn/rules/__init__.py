"""Pure rules: dated parameters (YAML) and functions over plain data. No Django here.

Messages are written in Dutch (nl-BE) and marked with ``_`` so Django's ``makemessages``
collects them; the Django layer translates them when it shows them (``Violation.text``).
"""
