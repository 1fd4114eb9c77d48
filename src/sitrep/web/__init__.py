"""The analyst's web page: ``sitrep serve`` (see :mod:`sitrep.web.app`)."""
